namespace PluginDb.Core.Schemas;

/// <summary>What a foreign key does when the referenced row is deleted or its key updated.</summary>
public enum ReferentialAction
{
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}
