using OfflinePwa.Model;

namespace OfflinePwa.App.Sync;

// The edits the page makes. Each is a local write: it succeeds offline, and the sync client pushes it when it can.
public sealed partial class TodoApp
{
    /// <summary>Adds a to-do.</summary>
    public Task AddTodoAsync(string title) => EditAsync(() => Session.TodoItems().CreateAsync(new TodoItem { Title = title }));

    /// <summary>Marks a to-do done or not done.</summary>
    public Task SetDoneAsync(string id, bool done) => EditAsync(() => Session.TodoItems().UpdateAsync(id, new TodoItemPatch { Done = done }));

    /// <summary>Renames a to-do.</summary>
    public Task RenameTodoAsync(string id, string title) => EditAsync(() => Session.TodoItems().UpdateAsync(id, new TodoItemPatch { Title = title }));

    /// <summary>Deletes a to-do.</summary>
    public Task DeleteTodoAsync(string id) => EditAsync(() => Session.TodoItems().DeleteAsync(id));

    /// <summary>Adds a note.</summary>
    public Task AddNoteAsync(string title, string body) => EditAsync(() => Session.Notes().CreateAsync(new Note { Title = title, Body = body }));

    /// <summary>Changes a note's text.</summary>
    public Task EditNoteAsync(string id, string body) => EditAsync(() => Session.Notes().UpdateAsync(id, new NotePatch { Body = body }));

    /// <summary>Syncs now (the client also syncs on every write, on reconnect and every 15 seconds).</summary>
    public Task SyncNowAsync() => Client.SyncNowAsync();

    private async Task EditAsync<T>(Func<Task<T>> edit)
    {
        await edit();
        await ReloadAsync();
    }
}
