using LeanData.Outreach.Tests.Sandbox;
using Xunit;

namespace LeanData.Outreach.Tests.Connection;

/// <summary>Base for test classes that share one sandbox per class and get a fresh connected-store helper per test.</summary>
public abstract class SandboxStoreTests : IClassFixture<SandboxFixture>, IDisposable
{
    protected SandboxStoreTests(SandboxFixture sandbox)
    {
        this.sandbox = sandbox;
        sandbox.Reset();
        store = new SandboxStore(sandbox.Host);
    }

#pragma warning disable IDE1006 // the derived tests read these like fields
    protected readonly SandboxFixture sandbox;
    protected readonly SandboxStore store;
#pragma warning restore IDE1006

    public void Dispose()
    {
        store.Dispose();
        GC.SuppressFinalize(this);
    }
}
