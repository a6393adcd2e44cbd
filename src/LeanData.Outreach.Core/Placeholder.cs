namespace LeanData.Outreach; internal static class Placeholder {}
