namespace LeanData.Outreach.Cmdlets; internal static class Placeholder {}
