namespace ActorSubs.Domain.Tests;

/// <summary>Every identifier on the wire: 1 to 64 characters of [A-Za-z0-9._@-].</summary>
public sealed class IdentifierSpecs
{
    [Theory]
    [InlineData("a")]
    [InlineData("Z")]
    [InlineData("7")]
    [InlineData("alice@example.com")]
    [InlineData("host-01.office")]
    [InlineData("tx_2025_01_01")]
    [InlineData("GPA.3372-4960-1234-56789")]
    [InlineData("._@-")]
    public void Identifiers_made_of_letters_digits_dot_underscore_at_and_hyphen_are_valid(string id)
    {
        Assert.True(Identifier.IsValid(id));
    }

    [Fact]
    public void An_identifier_of_exactly_64_characters_is_valid()
    {
        Assert.True(Identifier.IsValid(new string('a', 64)));
        Assert.Equal(64, Identifier.MaxLength);
    }

    [Fact]
    public void An_identifier_of_65_characters_is_rejected()
    {
        Assert.False(Identifier.IsValid(new string('a', 65)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData(" ")]
    [InlineData("a b")]
    [InlineData(" abc")]
    [InlineData("abc ")]
    [InlineData("a/b")]
    [InlineData("/")]
    [InlineData("a\\b")]
    [InlineData("a\tb")]
    [InlineData("a:b")]
    [InlineData("a+b")]
    [InlineData("é")]
    [InlineData("a%2Fb")]
    public void Empty_or_with_spaces_slashes_or_other_characters_is_rejected(string? id)
    {
        Assert.False(Identifier.IsValid(id));
    }

    [Theory]
    [InlineData("abc\n")]
    [InlineData("\nabc")]
    [InlineData("a\nb")]
    [InlineData("abc\r\n")]
    public void An_identifier_containing_a_newline_is_rejected(string id)
    {
        Assert.False(Identifier.IsValid(id));
    }

    [Fact]
    public void Sixty_four_characters_followed_by_a_newline_is_rejected()
    {
        Assert.False(Identifier.IsValid(new string('a', 64) + "\n"));
    }
}
