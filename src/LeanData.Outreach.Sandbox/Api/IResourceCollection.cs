using LeanData.Outreach.Sandbox.Model;
using Microsoft.AspNetCore.Http;

namespace LeanData.Outreach.Sandbox.Api;

/// <summary>One readable Outreach collection (e.g. /prospects): list with filters and cursor pages, and fetch by id.</summary>
public interface IResourceCollection
{
    string Plural { get; }
    string Type { get; }
    /// <summary>The scope resource a token needs (<c>batchItems</c> are read with <c>batches.read</c>).</summary>
    string Scope { get; }
    ApiResult List(SandboxData data, IQueryCollection query, string baseUrl);
    ApiResult Get(SandboxData data, long id, string baseUrl);
}
