namespace PluginDb.Build.Engine;

/// <summary>Writes <c>--help</c>: usage, targets, parameters and the engine's switches.</summary>
internal static class HelpWriter
{
    public static async Task WriteAsync(BuildModel model, TextWriter writer)
    {
        await writer.WriteLineAsync("Usage: build [target...] [--parameter value...]");
        await writer.WriteLineAsync();
        await writer.WriteLineAsync("Targets:");
        var targets = new TextTable("  ");
        foreach (var target in model.Targets.Where(t => !t.Definition.IsUnlisted))
        {
            targets.Row(
                target.Name,
                target == model.DefaultTarget ? "(default)" : string.Empty,
                target.Description ?? string.Empty,
                target.Dependencies.Count == 0 ? string.Empty : "depends on " + string.Join(", ", target.Dependencies));
        }

        await targets.WriteAsync(writer);
        if (model.Parameters.Count > 0)
        {
            await writer.WriteLineAsync();
            await writer.WriteLineAsync("Parameters:");
            var parameters = new TextTable("  ").Row("Name", "Value", "Default", "Environment", "Description");
            foreach (var parameter in model.Parameters)
            {
                parameters.Row(
                    parameter.OptionName,
                    parameter.IsSecret ? ParameterValues.SecretMask : ParameterValues.Syntax(parameter),
                    ParameterValues.Format(parameter, parameter.DefaultValue),
                    parameter.EnvironmentVariable,
                    parameter.Description);
            }

            await parameters.WriteAsync(writer);
        }

        await writer.WriteLineAsync();
        await writer.WriteLineAsync("Options:");
        var switches = new TextTable("  ");
        foreach (var (name, description) in CommandLine.Switches)
        {
            switches.Row(name, description);
        }

        await switches.WriteAsync(writer);
    }
}
