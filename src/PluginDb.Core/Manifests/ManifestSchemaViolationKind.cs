namespace PluginDb.Core.Manifests;

/// <summary>Which keyword of plugin.schema.json a value of plugin.json breaks.</summary>
internal enum ManifestSchemaViolationKind
{
    WrongType,
    NotInEnum,
    PatternMismatch,
    TooShort,
    TooLong,
    TooSmall,
    TooLarge,
    PropertyRequired,
    PropertyNotAllowed,
    DuplicateItem,
}
