namespace LeanData.Outreach.Tests; public class Smoke { [Xunit.Fact] public void Builds() => Xunit.Assert.True(true); }
