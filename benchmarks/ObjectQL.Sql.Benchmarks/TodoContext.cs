using Microsoft.EntityFrameworkCore;

namespace ObjectQL.Sql.Benchmarks;

/// <summary>EF Core's view of the same todo_item table.</summary>
public sealed class TodoContext(DbContextOptions<TodoContext> options) : DbContext(options)
{
    public DbSet<TodoRow> Todos => Set<TodoRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var todo = modelBuilder.Entity<TodoRow>();
        todo.ToTable("todo_item");
        todo.HasKey(t => t.Id);
        todo.Property(t => t.Id).HasColumnName("id");
        todo.Property(t => t.Title).HasColumnName("title");
        todo.Property(t => t.Status).HasColumnName("status");
        todo.Property(t => t.Priority).HasColumnName("priority");
        todo.Property(t => t.Done).HasColumnName("done");
        todo.Property(t => t.DueDate).HasColumnName("due_date");
        todo.Property(t => t.Notes).HasColumnName("notes");
        todo.Property(t => t.CreatedAt).HasColumnName("created_at");
        todo.Property(t => t.UpdatedAt).HasColumnName("updated_at");
        todo.Property(t => t.CreatedBy).HasColumnName("created_by");
        todo.Property(t => t.UpdatedBy).HasColumnName("updated_by");
        todo.Property(t => t.Version).HasColumnName("_version");
    }
}
