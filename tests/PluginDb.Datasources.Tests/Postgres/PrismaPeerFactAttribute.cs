namespace PluginDb.Datasources.Tests.Postgres;

/// <summary>A fact that runs the real Prisma CLI from the peer folder named by <c>PRISMA_PEER</c>; skipped when it is not set.</summary>
public sealed class PrismaPeerFactAttribute : FactAttribute
{
    public PrismaPeerFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("PRISMA_PEER")))
        {
            Skip = "PRISMA_PEER (the folder of the Prisma reference peer, see the peer's README) is not set; the agreement check with the Prisma CLI does not run.";
        }
    }
}
