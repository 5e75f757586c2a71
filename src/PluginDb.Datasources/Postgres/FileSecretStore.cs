using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PluginDb.Datasources.Postgres;

/// <summary>
/// Secrets of persistent datasources: <c>&lt;data-root&gt;/secrets/&lt;pluginId&gt;.pgpass</c>, one line
/// in libpq's password-file format (so <c>PGPASSFILE</c> can point at it), readable by the owner
/// only (0600, folder 0700). Written to a temporary file and moved into place, so a crash leaves
/// the old secret or the new one, never half of one.
/// </summary>
public sealed partial class FileSecretStore : ISecretStore
{
    public const string FolderName = "secrets";

    private readonly string _folder;

    public FileSecretStore(string dataRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataRoot);
        _folder = Path.Combine(Path.GetFullPath(dataRoot), FolderName);
    }

    public string RefFor(string pluginId) => $"file:{FolderName}/{FileName(pluginId)}";

    /// <summary>The absolute path of a plugin's secret file.</summary>
    public string PathFor(string pluginId) => Path.Combine(_folder, FileName(pluginId));

    public async Task<PostgresSecret?> ReadAsync(string pluginId, CancellationToken cancellationToken)
    {
        var path = PathFor(pluginId);
        if (!File.Exists(path))
        {
            return null;
        }
        var lines = await File.ReadAllLinesAsync(path, cancellationToken);
        return lines.Where(l => l.Length > 0 && l[0] != '#').Select(Parse).FirstOrDefault(s => s is not null);
    }

    public async Task WriteAsync(string pluginId, PostgresSecret secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var path = PathFor(pluginId);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(_folder);
        }
        else
        {
            Directory.CreateDirectory(_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var line = string.Join(':', Escape(secret.Host), secret.Port.ToString(CultureInfo.InvariantCulture),
            Escape(secret.Database), Escape(secret.Role), Escape(secret.Password)) + "\n";
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        await using (var stream = new FileStream(temporary, options))
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(line), cancellationToken);
        }
        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode only applies when the file is created; a leftover temporary keeps its mode.
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.Move(temporary, path, overwrite: true);
    }

    public Task DeleteAsync(string pluginId, CancellationToken cancellationToken)
    {
        File.Delete(PathFor(pluginId));
        return Task.CompletedTask;
    }

    // The id becomes a file name: it must not climb out of the folder or name a hidden file.
    private static string FileName(string pluginId) => SafeId().IsMatch(pluginId) && !pluginId.Contains("..", StringComparison.Ordinal)
        ? pluginId + ".pgpass"
        : throw new ArgumentException($"The plugin id '{pluginId}' cannot name a secret file.", nameof(pluginId));

    // libpq: ':' and '\' in a field are escaped with '\'.
    private static string Escape(string field) => field.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(":", "\\:", StringComparison.Ordinal);

    private static PostgresSecret? Parse(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '\\' && i + 1 < line.Length)
            {
                current.Append(line[++i]);
            }
            else if (line[i] == ':' && fields.Count < 4)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(line[i]);
            }
        }
        fields.Add(current.ToString());
        return fields.Count == 5 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? new PostgresSecret(fields[0], port, fields[2], fields[3], fields[4])
            : null;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeId();
}
