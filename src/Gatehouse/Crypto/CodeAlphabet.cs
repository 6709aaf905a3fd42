namespace Gatehouse.Crypto;

internal enum CodeAlphabet
{
    /// <summary>0–9, for one-time passwords.</summary>
    Digits,

    /// <summary>A–Z and 0–9, as ZITADEL's email verification codes.</summary>
    UpperAlphanumeric,
}
