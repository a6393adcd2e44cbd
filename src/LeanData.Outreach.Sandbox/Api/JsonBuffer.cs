using System.Buffers;
using System.Text.Json;

namespace LeanData.Outreach.Sandbox.Api;

/// <summary>Writes one JSON document with a <see cref="Utf8JsonWriter"/> and hands back its bytes.</summary>
public static class JsonBuffer
{
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    public static byte[] Write<TState>(TState state, Action<Utf8JsonWriter, TState> body)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var writer = t_writer;
        if (writer is null) { writer = t_writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }); }
        else writer.Reset(buffer);
        body(writer, state);
        writer.Flush();
        var bytes = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > 1 << 20) t_buffer = null;
        return bytes;
    }
}
