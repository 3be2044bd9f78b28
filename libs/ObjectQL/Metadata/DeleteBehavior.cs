namespace ObjectQL.Metadata;

/// <summary>What deleting a record does to the records whose <c>lookup</c> or <c>master_detail</c> field names it (<c>deleteBehavior</c>).</summary>
public enum DeleteBehavior
{
    /// <summary><c>set_null</c>: the referencing field is cleared (an element is removed from a <c>multiple</c> lookup). The default of <c>lookup</c>.</summary>
    SetNull,

    /// <summary><c>cascade</c>: the referencing records are deleted too. The default of <c>master_detail</c>.</summary>
    Cascade,

    /// <summary><c>restrict</c>: the delete is refused while any record refers to the one deleted.</summary>
    Restrict,
}
