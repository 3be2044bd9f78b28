namespace ObjectQL.Metadata;

// The source generator compiles this file too (see generators/ObjectQL.Generators/ObjectQL.Generators.csproj); it must
// build for netstandard2.0.

/// <summary>The 27 field types of the ObjectQL metadata format. See docs/modeling.md for the C# and SQL type of each.</summary>
public enum FieldType
{
    /// <summary><c>text</c>: a single line of text.</summary>
    Text,
    /// <summary><c>textarea</c>: multi-line text.</summary>
    Textarea,
    /// <summary><c>markdown</c>: Markdown source.</summary>
    Markdown,
    /// <summary><c>html</c>: HTML source.</summary>
    Html,
    /// <summary><c>select</c>: one (or with <c>multiple</c>, several) of the declared options.</summary>
    Select,
    /// <summary><c>date</c>: a calendar date without time.</summary>
    Date,
    /// <summary><c>datetime</c>: an instant with its UTC offset.</summary>
    DateTime,
    /// <summary><c>time</c>: a time of day.</summary>
    Time,
    /// <summary><c>number</c>: a floating-point number.</summary>
    Number,
    /// <summary><c>currency</c>: an exact decimal amount.</summary>
    Currency,
    /// <summary><c>percent</c>: a floating-point percentage.</summary>
    Percent,
    /// <summary><c>boolean</c>.</summary>
    Boolean,
    /// <summary><c>email</c>: text checked as an e-mail address.</summary>
    Email,
    /// <summary><c>phone</c>: text.</summary>
    Phone,
    /// <summary><c>url</c>: text checked as an absolute URL.</summary>
    Url,
    /// <summary><c>image</c>: attachment metadata as JSON.</summary>
    Image,
    /// <summary><c>file</c>: attachment metadata as JSON.</summary>
    File,
    /// <summary><c>location</c>: a JSON value.</summary>
    Location,
    /// <summary><c>lookup</c>: the id of a record of another object.</summary>
    Lookup,
    /// <summary><c>master_detail</c>: the id of the owning record of another object.</summary>
    MasterDetail,
    /// <summary><c>password</c>: text that is never returned to readers without permission.</summary>
    Password,
    /// <summary><c>formula</c>: computed, not stored.</summary>
    Formula,
    /// <summary><c>summary</c>: a computed roll-up, not stored.</summary>
    Summary,
    /// <summary><c>auto_number</c>: a server-assigned sequence rendered as text.</summary>
    AutoNumber,
    /// <summary><c>object</c>: any JSON value.</summary>
    Object,
    /// <summary><c>vector</c>: an array of single-precision numbers.</summary>
    Vector,
    /// <summary><c>grid</c>: an inline table as JSON.</summary>
    Grid,
}
