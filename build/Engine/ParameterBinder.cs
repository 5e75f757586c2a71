namespace PluginDb.Build.Engine;

/// <summary>Gives each parameter its value: argument, else <c>PLUGINDB_…</c> environment variable, else the default.</summary>
internal static class ParameterBinder
{
    public static IReadOnlyList<BoundParameter> Bind(
        BuildModel model,
        CommandLine commandLine,
        IReadOnlyDictionary<string, string?> environment)
    {
        var bound = new List<BoundParameter>(model.Parameters.Count);
        foreach (var parameter in model.Parameters)
        {
            BoundParameter binding;
            if (commandLine.Arguments.TryGetValue(parameter, out var texts))
            {
                binding = new BoundParameter(parameter, ParameterValues.Parse(parameter, texts, parameter.OptionName), ParameterOrigin.Argument);
            }
            else if (environment.TryGetValue(parameter.EnvironmentVariable, out var text) && !string.IsNullOrEmpty(text))
            {
                // Empty counts as unset: workflow inputs that were not given arrive as empty strings.
                var source = $"{parameter.EnvironmentVariable} ({parameter.OptionName})";
                binding = new BoundParameter(parameter, ParameterValues.Parse(parameter, [text], source), ParameterOrigin.Environment);
            }
            else
            {
                binding = new BoundParameter(parameter, parameter.DefaultValue, ParameterOrigin.Default);
            }

            bound.Add(binding);
        }

        foreach (var binding in bound.Where(b => b.Origin != ParameterOrigin.Default))
        {
            binding.Parameter.SetValue(model.Build, binding.Value);
        }

        return bound;
    }
}
