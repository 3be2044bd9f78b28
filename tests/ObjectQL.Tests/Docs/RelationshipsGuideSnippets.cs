using ObjectQL.Querying;
using ObjectQL.Querying.Json;

namespace ObjectQL.Tests.Docs;

/// <summary>
/// The C# blocks of docs/relationships.md, compiled and run by <see cref="RelationshipsGuideTests"/> against the guide's
/// model (<see cref="RelationshipsGuideTests.Model"/>): each <c>doc:begin</c>/<c>doc:end</c> region is one block, in order.
/// </summary>
internal static class RelationshipsGuideSnippets
{
    public static async Task<string> RefusedReferenceAsync(ObjectQLDatabase db)
    {
        // doc:begin
        try
        {
            await db.Object("person").CreateAsync(new Record { ["name"] = "Cat", ["company"] = "no-such-company" });
        }
        catch (ObjectQLException e) when (e.Code == ErrorCodes.ValidationError)
        {
            // e.Details[0]: Field "company", Reason "invalid_reference"
            return e.Details[0].Field!;
        }
        // doc:end
        return "";
    }

    public static async Task<IReadOnlyList<Record>> ExpandAsync(ObjectQLDatabase db)
    {
        // doc:begin
        var tasks = await db.Object("task").FindAsync(new Query
        {
            Where = new Filter.Comparison("title", FilterOperator.StartsWith, "F"),
            Expand =
            [
                new Expansion("project")
                {
                    Fields = ["name", "company"],
                    Expand = [new Expansion("company") { Fields = ["name"] }],
                },
                new Expansion("assignees") { Fields = ["name"] },
            ],
        });
        var project = (Record)tasks[0]["project"]!;        // the related record instead of its id
        var company = (Record)project["company"]!;         // nested expansion
        var assignees = (Record[])tasks[0]["assignees"]!;  // a multiple lookup: the records, in the order of the ids
        // doc:end
        return [project, company, .. assignees];
    }

    public static Query JsonExpand(ObjectQLDatabase db)
    {
        // doc:begin
        var query = QueryJsonReader.Read(
            """{"filters":{"title":{"$startsWith":"F"}},"expand":{"project":{"fields":["name"],"filters":{"name":{"$ne":"Dam"}}}}}""",
            db.Model.Get("task"), db.Model);
        // doc:end
        return query;
    }
}
