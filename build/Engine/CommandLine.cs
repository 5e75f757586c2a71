namespace PluginDb.Build.Engine;

/// <summary>The arguments of one run: targets named, engine switches, and parameter values given.</summary>
internal sealed class CommandLine
{
    private CommandLine(
        IReadOnlyList<string> targets,
        IReadOnlyDictionary<BuildParameter, IReadOnlyList<string>> arguments,
        bool help,
        bool plan,
        bool verbose)
    {
        Targets = targets;
        Arguments = arguments;
        Help = help;
        Plan = plan;
        Verbose = verbose;
    }

    /// <summary>The engine's own switches, which no parameter may reuse.</summary>
    public static IReadOnlyList<(string Name, string Description)> Switches { get; } =
    [
        ("--help, -h", "Print this help and exit."),
        ("--plan", "Print the targets that would run, in order, and exit without running them."),
        ("--verbose", "Print stack traces of failures."),
    ];

    /// <summary>Target names as typed (positional arguments).</summary>
    public IReadOnlyList<string> Targets { get; }

    /// <summary>The raw values given on the command line, per parameter, in order.</summary>
    public IReadOnlyDictionary<BuildParameter, IReadOnlyList<string>> Arguments { get; }

    public bool Help { get; }

    public bool Plan { get; }

    public bool Verbose { get; }

    public static CommandLine Parse(IReadOnlyList<string> args, BuildModel model)
    {
        var targets = new List<string>();
        var arguments = new Dictionary<BuildParameter, List<string>>();
        bool help = false, plan = false, verbose = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-'))
            {
                targets.Add(arg);
                continue;
            }

            if (arg is "--help" or "-h" or "-?")
            {
                help = true;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new UsageException($"Unknown option {arg}. Parameters are spelled --name value.");
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg[2..] : arg[2..equals];
            var inline = equals < 0 ? null : arg[(equals + 1)..];
            if (inline is null && name.Equals("plan", StringComparison.OrdinalIgnoreCase))
            {
                plan = true;
                continue;
            }

            if (inline is null && name.Equals("verbose", StringComparison.OrdinalIgnoreCase))
            {
                verbose = true;
                continue;
            }

            var parameter = model.FindParameter(name)
                ?? throw new UsageException(
                    $"Unknown parameter --{name}."
                    + Suggestions.DidYouMean(name, model.Parameters.Select(p => p.Name), "--"));

            string value;
            if (inline is not null)
            {
                value = inline;
            }
            else if (parameter.Kind == ParameterKind.Boolean)
            {
                // A bare flag means true; "--keep false" reads the next word only when it is a boolean.
                var next = i + 1 < args.Count ? ParameterValues.ParseBoolean(args[i + 1]) : null;
                value = next is null ? "true" : args[++i];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            else
            {
                throw new UsageException($"--{parameter.Name} needs a value: --{parameter.Name} {ParameterValues.Syntax(parameter)}.");
            }

            if (!arguments.TryGetValue(parameter, out var values))
            {
                arguments[parameter] = values = [];
            }

            values.Add(value);
        }

        var given = new Dictionary<BuildParameter, IReadOnlyList<string>>(arguments.Count);
        foreach (var (parameter, values) in arguments)
        {
            given[parameter] = values;
        }

        return new CommandLine(targets, given, help, plan, verbose);
    }
}
