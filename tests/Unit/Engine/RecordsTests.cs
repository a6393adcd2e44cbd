using LeanData.Outreach.Engine.Records;
using Xunit;

namespace LeanData.Outreach.Tests.Engine;

public class RecordsTests
{
    [Fact]
    public void Reads_nested_dotted_and_mixed_paths_case_insensitively()
    {
        var nested = Rec.Make(("Owner", Rec.Obj(("Outreach_User_ID__c", "7"))));
        var dotted = Rec.Make(("Owner.Outreach_User_ID__c", "8"));
        var mixed = Rec.Make(("ConvertedContact", Rec.Obj(("Owner.Outreach_User_ID__c", "9"))));
        Assert.Equal("7", nested.GetText("owner.outreach_user_id__C"));
        Assert.Equal("8", dotted.GetText("OWNER.Outreach_User_ID__c"));
        Assert.Equal("9", mixed.GetText("ConvertedContact.Owner.Outreach_User_ID__c"));
        Assert.Null(nested.Get("Owner.Missing"));
        Assert.False(nested.TryGet("Owner.Outreach_User_ID__c.Deeper", out _));
    }

    [Fact]
    public void Dotted_header_wins_over_a_nested_object_without_the_field()
    {
        var record = Rec.Make(("Owner", Rec.Obj(("Name", "x"))), ("Owner.Outreach_User_ID__c", "5"));
        Assert.Equal("5", record.GetText("Owner.Outreach_User_ID__c"));
    }

    [Theory]
    [InlineData("00Q000000000001", true)]
    [InlineData("00Q000000000001EAA", true)]
    [InlineData("00Q00000000001", false)]
    [InlineData("00Q0000000000011", false)]
    [InlineData("00Q-00000000001", false)]
    [InlineData("", false)]
    public void Accepts_15_and_18_character_ids(string id, bool valid) => Assert.Equal(valid, SalesforceId.IsWellFormed(id));

    [Theory]
    [InlineData("a0D30000001n7Pi", "a0D30000001n7PiEAI")]
    [InlineData("00Q000000000001", "00Q000000000001EAA")]
    [InlineData("00Q000000000001EAA", "00Q000000000001EAA")]
    public void Computes_the_18_character_checksum(string id, string expected) => Assert.Equal(expected, SalesforceId.To18(id));

    [Theory]
    [InlineData("00Q000000000001", SalesforceObjectType.Lead)]
    [InlineData("003000000000001", SalesforceObjectType.Contact)]
    [InlineData("005000000000001", SalesforceObjectType.User)]
    [InlineData("00G000000000001", SalesforceObjectType.Queue)]
    [InlineData("001000000000001", SalesforceObjectType.Unknown)]
    public void Object_type_from_prefix(string id, SalesforceObjectType type) => Assert.Equal(type, SalesforceId.TypeFromPrefix(id));

    public static TheoryData<object?, OutreachIdStatus, long> OutreachIds => new()
    {
        { null, OutreachIdStatus.Missing, 0 },
        { "", OutreachIdStatus.Missing, 0 },
        { "   ", OutreachIdStatus.Missing, 0 },
        { "42", OutreachIdStatus.Valid, 42 },
        { " 42 ", OutreachIdStatus.Valid, 42 },
        { "42.0", OutreachIdStatus.Valid, 42 },
        { 42, OutreachIdStatus.Valid, 42 },
        { 42L, OutreachIdStatus.Valid, 42 },
        { 42.0d, OutreachIdStatus.Valid, 42 },
        { "9223372036854775807", OutreachIdStatus.Valid, long.MaxValue },
        { "9223372036854775808", OutreachIdStatus.Invalid, 0 },
        { "4.2", OutreachIdStatus.Invalid, 0 },
        { "abc", OutreachIdStatus.Invalid, 0 },
        { "0", OutreachIdStatus.Invalid, 0 },
        { "-3", OutreachIdStatus.Invalid, 0 },
        { -3, OutreachIdStatus.Invalid, 0 },
        { 4.5d, OutreachIdStatus.Invalid, 0 },
        { double.NaN, OutreachIdStatus.Invalid, 0 },
        { true, OutreachIdStatus.Invalid, 0 },
        { "1e5", OutreachIdStatus.Invalid, 0 },
        { "4.2e1", OutreachIdStatus.Invalid, 0 },
        { "042", OutreachIdStatus.Valid, 42 },
        { "-1", OutreachIdStatus.Invalid, 0 },
        { 1e17, OutreachIdStatus.Invalid, 0 },
        { 9_007_199_254_740_992d, OutreachIdStatus.Valid, 9_007_199_254_740_992 },
        { 100_000_000_000_000_000m, OutreachIdStatus.Valid, 100_000_000_000_000_000 },
    };

    [Theory]
    [MemberData(nameof(OutreachIds))]
    public void Parses_outreach_ids(object? value, OutreachIdStatus status, long id)
    {
        var parsed = OutreachId.Parse(value);
        Assert.Equal(status, parsed.Status);
        Assert.Equal(id, parsed.Id);
        if (status == OutreachIdStatus.Invalid) Assert.Contains("cannot be an Outreach id", parsed.Problem);
    }

    [Fact]
    public void Huge_values_are_cut_in_messages()
    {
        var parsed = OutreachId.Parse(new string('x', 1_000_000));
        Assert.True(parsed.Problem!.Length < 200);
        Assert.Contains("1000000 characters", parsed.Problem);
    }
}
