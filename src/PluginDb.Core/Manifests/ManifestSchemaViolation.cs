using System.Text.Json;

namespace PluginDb.Core.Manifests;

/// <summary>
/// One way plugin.json breaks its schema. <see cref="Pointer"/> is the value's JSON pointer; for a
/// missing property it is the object's, for a property that is not allowed the property's own.
/// <see cref="Value"/> is the offending value and <see cref="Schema"/> the schema it broke.
/// </summary>
internal sealed record ManifestSchemaViolation(
    ManifestSchemaViolationKind Kind,
    string Pointer,
    JsonElement Value,
    ManifestSchemaNode Schema,
    string? Property = null);
