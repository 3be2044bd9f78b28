namespace ObjectQL.Sync.Server.Tests.Support;

/// <summary>Names of the synced test objects (Objects/*.yml) and the callers that use them.</summary>
internal static class TestModel
{
    public const string Todo = "todo_item";
    public const string Note = "note";
    public const string Memo = "memo";
    public const string Owned = "owned_item";
    public const string Unsynced = "local_item";
    public const string Unpermitted = "open_item";
    public const string Role = "user";

    public static ObjectQL.Metadata.ObjectModel Objects => Model.AppModel.Objects;

    public static ObjectQLContext User(string id) => ObjectQLContext.ForUser(id, Role);
}
