using System.Text.Json;
using PluginDb.Core.Findings;

namespace PluginDb.Core.Manifests;

/// <summary>
/// Reads one plugin.json and checks it (the <c>Validate</c> stage for one plugin). Every problem
/// in the file becomes a finding; nothing in the file can make this throw.
/// </summary>
/// <remarks>
/// Decisions the schema leaves open:
/// <list type="bullet">
/// <item>plugin.json is strict JSON: comments and trailing commas are SDB101, at their position.</item>
/// <item>An exclusive mode may leave <c>provider</c> out; the manifest then carries the provider the
/// mode implies. Shared mode keeps whatever was written, which may be nothing.</item>
/// <item>An exclusive mode without <c>migrations</c> is allowed: the datasource is provisioned and
/// there is simply nothing to migrate.</item>
/// <item><c>schema</c> is only checked for exclusive-postgres; other modes never create a schema.</item>
/// </list>
/// </remarks>
public static class ManifestLoader
{
    public const string ManifestFileName = "plugin.json";

    /// <summary>Real manifests are a few KiB; anything over this is not one, and is not read.</summary>
    public const int MaxManifestBytes = 1024 * 1024;

    /// <summary>The manifest format nests four levels; this leaves room for the platform's own keys.</summary>
    public const int MaxNestingDepth = 64;

    /// <param name="manifestPath">The plugin.json to read; its folder is the plugin root.</param>
    /// <param name="displayBase">The folder finding paths are shown relative to (the working directory).</param>
    public static ManifestLoadResult Load(string manifestPath, string displayBase)
    {
        ArgumentNullException.ThrowIfNull(manifestPath);
        ArgumentNullException.ThrowIfNull(displayBase);
        var fullPath = Path.GetFullPath(manifestPath);
        var root = Path.GetDirectoryName(fullPath) ?? fullPath;
        var findings = new ManifestFindingList(DisplayPath.Of(fullPath, displayBase), Path.GetFileName(root));
        var noPositions = new Dictionary<string, SourcePosition>();

        var bytes = Read(fullPath, findings);
        if (bytes is null)
        {
            return new ManifestLoadResult(null, findings.InFileOrder(), noPositions);
        }

        var parsed = ManifestJson.Parse(bytes, MaxNestingDepth);
        if (parsed.Json is not { } json)
        {
            findings.Add(parsed.Code!, parsed.Message!, parsed.Position);
            return new ManifestLoadResult(null, findings.InFileOrder(), noPositions);
        }

        if (json.Root.ValueKind == JsonValueKind.Object && json.Root.TryGetProperty("id", out var id)
            && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } name)
        {
            findings.Plugin = name;
        }
        if (!ManifestSchemaCheck.Check(json, findings))
        {
            return new ManifestLoadResult(null, findings.InFileOrder(), json.ValuePositions);
        }

        var manifest = Build(json.Root, root, fullPath);
        var result = new ManifestLoadResult(manifest, [], json.ValuePositions);
        ManifestRules.Check(manifest, result.PositionOf, findings);
        return result with { Findings = findings.InFileOrder() };
    }

    private static byte[]? Read(string fullPath, ManifestFindingList findings)
    {
        try
        {
            if (!File.Exists(fullPath))
            {
                findings.Add(FindingCodes.ManifestUnreadable, Directory.Exists(fullPath)
                    ? $"{ManifestFileName} is a folder, not a file."
                    : $"There is no {ManifestFileName} in the plugin folder.", null);
                return null;
            }
            // Read at most one byte past the cap, so a file that grows while being read, or a
            // special file that never ends, is still refused without being read in full.
            using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var buffer = new byte[MaxManifestBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
            }
            if (length > MaxManifestBytes)
            {
                findings.Add(FindingCodes.ManifestTooLarge,
                    $"{ManifestFileName} is larger than {MaxManifestBytes / 1024 / 1024} MiB; no real manifest is, so it is not read.", new SourcePosition(1, 1));
                return null;
            }
            return buffer[..length];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            findings.Add(FindingCodes.ManifestUnreadable, $"{ManifestFileName} cannot be read: {e.Message}", null);
            return null;
        }
    }

    /// <summary>The manifest of a document that matched the schema, so types are as declared.</summary>
    private static PluginManifest Build(JsonElement top, string root, string manifestPath)
    {
        var sovereign = top.GetProperty("sovereign");
        var database = sovereign.TryGetProperty("database", out var section) ? BuildDatabase(section) : DatabaseSection.SharedDefault;
        return new PluginManifest(
            top.GetProperty("id").GetString()!,
            String(top, "version"),
            sovereign.GetProperty("schemaVersion").GetInt32(),
            database,
            root,
            manifestPath);
    }

    private static DatabaseSection BuildDatabase(JsonElement section)
    {
        var mode = ManifestNames.ParseMode(String(section, "mode"))!.Value;
        var migrations = section.TryGetProperty("migrations", out var m)
            ? new MigrationsSection(String(m, "directory")!, String(m, "entryPoint"))
            : null;
        var limits = section.TryGetProperty("limits", out var l)
            ? new DatabaseLimits(Int(l, "storageMb"), Int(l, "connections"))
            : DatabaseLimits.None;
        return new DatabaseSection(
            mode,
            ManifestNames.ParseProvider(String(section, "provider")) ?? ManifestRules.RequiredProvider(mode),
            String(section, "schema"),
            migrations,
            limits)
        {
            Extensions = section.TryGetProperty("extensions", out var e) ? [.. e.EnumerateArray().Select(x => x.GetString()!)] : [],
        };
    }

    private static string? String(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The schema caps limits at int.MaxValue but not below int.MinValue; clamp, the rule reports it.</summary>
    private static int? Int(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) ? (int)Math.Clamp(ManifestNumber.Of(value).Integer, int.MinValue, int.MaxValue) : null;
}
