namespace PluginDb.Tests.Shared;

/// <summary>What the token the stand-in API sees may do.</summary>
internal enum FakeTokenAccess
{
    /// <summary><c>checks: write</c>.</summary>
    Write,

    /// <summary>A read-only GITHUB_TOKEN: 403 "Resource not accessible by integration".</summary>
    ReadOnly,

    /// <summary>The repository is not visible to the token (a fork's token): 404.</summary>
    NoRepository,
}
