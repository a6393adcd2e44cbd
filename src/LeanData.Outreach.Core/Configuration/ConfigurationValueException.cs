namespace LeanData.Outreach.Configuration;

/// <summary>A configuration value was refused. <see cref="Parameter"/> names the field so the error can point at it.</summary>
public sealed class ConfigurationValueException(string parameter, object? value, string message) : ArgumentException(message, parameter)
{
    public string Parameter { get; } = parameter;
    public object? Value { get; } = value;
}
