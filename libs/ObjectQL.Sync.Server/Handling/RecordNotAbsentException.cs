namespace ObjectQL.Sync.Server.Handling;

/// <summary>
/// A record a chunk took as absent without reading it (<see cref="AbsentRecords"/>) has a row or a clock row. The chunk's
/// transaction rolls back and the push runs it again reading every record (SyncServer.Push.cs); it never reaches a caller.
/// </summary>
internal sealed class RecordNotAbsentException(string objectName, string recordId)
    : Exception($"Record '{recordId}' of '{objectName}' was taken as absent but is stored.");
