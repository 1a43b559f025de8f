using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace VidaPlus.Data.Integrity;

/// <summary>
/// A SHA-256 of a migration as written: every Up() and Down() operation with all its public properties and
/// annotations, in order. It depends only on what the operations say, not on the compiled assembly, the generated
/// SQL or EF Core's version, so a rebuild or a patch update keeps it, and any edit to the operations changes it.
/// </summary>
internal static class MigrationChecksum
{
    public static string Compute(Migration migration)
    {
        var text = new StringBuilder();
        Write(text, "up", migration.UpOperations, depth: 0);
        Write(text, "down", migration.DownOperations, depth: 0);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void Write(StringBuilder text, string name, object? value, int depth)
    {
        text.Append(name).Append('=');
        switch (value)
        {
            case null:
                text.Append("null");
                break;
            case string s:
                text.Append('"').Append(s.Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
                break;
            case Type type:
                text.Append(type.FullName);
                break;
            case IFormattable formattable when value.GetType().IsPrimitive
                || value is decimal or Enum or DateTime or DateTimeOffset or DateOnly or TimeOnly or TimeSpan or Guid:
                text.Append(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            case bool b:
                text.Append(b ? "true" : "false");
                break;
            case IEnumerable items when depth < 8:
                text.Append('[');
                var i = 0;
                foreach (var item in items)
                {
                    Write(text, (i++).ToString(CultureInfo.InvariantCulture), item, depth + 1);
                }
                text.Append(']');
                break;
            case not null when depth < 8:
                WriteObject(text, value, depth);
                break;
        }
        text.Append(';');
    }

    // An operation (or a column inside one): its type, public properties by name, and annotations by name.
    private static void WriteObject(StringBuilder text, object value, int depth)
    {
        var type = value.GetType();
        text.Append(type.Name).Append('{');
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                     .Where(p => p.GetIndexParameters().Length == 0)
                     .OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            Write(text, property.Name, property.GetValue(value), depth + 1);
        }
        if (value is IReadOnlyAnnotatable annotatable)
        {
            foreach (var annotation in annotatable.GetAnnotations().OrderBy(a => a.Name, StringComparer.Ordinal))
            {
                Write(text, $"@{annotation.Name}", annotation.Value, depth + 1);
            }
        }
        text.Append('}');
    }
}
