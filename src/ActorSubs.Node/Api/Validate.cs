using System.Globalization;
using System.Net.Mail;
using ActorSubs.Domain;

namespace ActorSubs.Node.Api;

/// <summary>Field checks that throw a 400 <c>validation</c> problem naming the field.</summary>
public static class Validate
{
    public const int MaxNameLength = 100;
    public const int MaxEmailLength = 254;

    public static string Id(string? value, string field)
    {
        if (string.IsNullOrEmpty(value)) throw ApiProblem.Validation(field, $"'{field}' is required.");
        if (!Identifier.IsValid(value))
            throw ApiProblem.Validation(field,
                $"'{field}' must be 1 to {Identifier.MaxLength} characters of letters, digits, '.', '_', '@' or '-'.");
        return value;
    }

    public static TEnum Enum<TEnum>(string? value, string field) where TEnum : struct, System.Enum
    {
        if (string.IsNullOrEmpty(value)) throw ApiProblem.Validation(field, $"'{field}' is required.");
        return WireNames.TryParse<TEnum>(value, out var parsed)
            ? parsed
            : throw ApiProblem.Validation(field, $"'{field}' must be one of: {string.Join(", ", WireNames.All<TEnum>())}.");
    }

    public static TEnum? OptionalEnum<TEnum>(string? value, string field) where TEnum : struct, System.Enum =>
        value is null ? null : Enum<TEnum>(value, field);

    public static string Name(string? value, string field)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed)) throw ApiProblem.Validation(field, $"'{field}' is required.");
        if (trimmed.Length > MaxNameLength) throw ApiProblem.Validation(field, $"'{field}' is limited to {MaxNameLength} characters.");
        if (trimmed.Any(char.IsControl)) throw ApiProblem.Validation(field, $"'{field}' must not contain control characters.");
        return trimmed;
    }

    public static string Email(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value)) throw ApiProblem.Validation(field, $"'{field}' is required.");
        if (value.Length > MaxEmailLength || !MailAddress.TryCreate(value, out var address) || address.Address != value)
            throw ApiProblem.Validation(field, $"'{field}' is not an e-mail address.");
        return value;
    }

    public static DateTimeOffset Time(string? value, string field)
    {
        if (string.IsNullOrEmpty(value)) throw ApiProblem.Validation(field, $"'{field}' is required.");
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
               && value.Contains('T')
            ? parsed.ToUniversalTime()
            : throw ApiProblem.Validation(field, $"'{field}' must be an ISO-8601 date and time, e.g. 2026-01-31T12:00:00Z.");
    }

    public static T Required<T>(T? value, string field) where T : struct =>
        value ?? throw ApiProblem.Validation(field, $"'{field}' is required.");
}
