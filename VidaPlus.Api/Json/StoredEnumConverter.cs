using System.Text.Json;
using System.Text.Json.Serialization;
using VidaPlus.Data;

namespace VidaPlus.Api.Json;

/// <summary>
/// Writes and reads the schema's enums as the Python API does: by the value its enums declare
/// (<c>Enfermaria</c>, <c>Em Manutenção</c>, from <see cref="JsonStringEnumMemberNameAttribute"/>), else by the stored
/// label (<c>UTI</c>). An unknown value is a JSON error naming the allowed ones.
/// </summary>
internal sealed class StoredEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => PostgresEnums.All.Any(e => e.ClrType == typeToConvert);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private sealed class Converter<T> : JsonConverter<T> where T : struct, Enum
    {
        private static readonly string[] Labels = [.. PostgresEnums.Labels(typeof(T)).Zip(Enum.GetNames<T>(), (label, member) =>
            typeof(T).GetField(member)!.GetCustomAttributes(typeof(JsonStringEnumMemberNameAttribute), false)
                .Cast<JsonStringEnumMemberNameAttribute>().FirstOrDefault()?.Name ?? label)];
        private static readonly T[] Values = Enum.GetValues<T>();

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var label = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            var index = Array.IndexOf(Labels, label);
            return index >= 0
                ? Values[index]
                : throw new JsonException($"must be one of {string.Join(", ", Labels)}");
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Labels[Array.IndexOf(Values, value)]);
    }
}
