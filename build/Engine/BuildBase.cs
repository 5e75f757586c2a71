using System.Diagnostics.CodeAnalysis;

namespace PluginDb.Build.Engine;

/// <summary>
/// The base of a build: its <see cref="Target"/>-typed properties are the targets, its
/// <see cref="ParameterAttribute"/> members the parameters. <see cref="BuildHost"/> runs it.
/// </summary>
/// <remarks>
/// Members are named so they cannot clash with target or parameter names of a derived build
/// (no <c>Environment</c>, <c>Out</c> or <c>Report</c> here).
/// </remarks>
[DynamicallyAccessedMembers(BuildBase.ReflectedMembers)]
public abstract class BuildBase
{
    /// <summary>What the engine reads from a build type: keep these members when trimming.</summary>
    internal const DynamicallyAccessedMemberTypes ReflectedMembers =
        DynamicallyAccessedMemberTypes.PublicParameterlessConstructor
        | DynamicallyAccessedMemberTypes.PublicProperties
        | DynamicallyAccessedMemberTypes.NonPublicProperties
        | DynamicallyAccessedMemberTypes.PublicFields
        | DynamicallyAccessedMemberTypes.NonPublicFields;

    private TextWriter _stdout = TextWriter.Null;
    private TextWriter _stderr = TextWriter.Null;
    private IReadOnlyDictionary<string, string?> _environmentVariables = new Dictionary<string, string?>();

    /// <summary>The target run when none is named on the command line; <c>null</c> makes one required.</summary>
    protected virtual Target? Default => null;

    /// <summary>The exit code raised by targets, if any; see <see cref="RaiseExitCode"/>.</summary>
    public int? ExitCode { get; private set; }

    /// <summary>Whether <c>--verbose</c> was given.</summary>
    public bool Verbose { get; private set; }

    /// <summary>Where the report goes (the process's stdout).</summary>
    protected TextWriter Stdout => _stdout;

    /// <summary>Where logs go (the process's stderr).</summary>
    protected TextWriter Stderr => _stderr;

    /// <summary>The process environment as the host read it; targets read it here, never from the process.</summary>
    protected IReadOnlyDictionary<string, string?> EnvironmentVariables => _environmentVariables;

    /// <summary>Raises the exit code of the run to <paramref name="code"/>; the highest code raised wins.</summary>
    public void RaiseExitCode(int code) => ExitCode = ExitCode is { } current ? Math.Max(current, code) : code;

    internal Target? DefaultTarget => Default;

    /// <summary>Whether the target named <paramref name="name"/> is part of this run's plan (requested, or needed by one that is).</summary>
    protected bool IsPlanned(string name) => _planned.Contains(name);

    private IReadOnlySet<string> _planned = new HashSet<string>();

    internal void Attach(TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string?> environment, bool verbose, IReadOnlySet<string>? planned = null)
    {
        _planned = planned ?? new HashSet<string>();
        _stdout = stdout;
        _stderr = stderr;
        _environmentVariables = environment;
        Verbose = verbose;
    }
}
