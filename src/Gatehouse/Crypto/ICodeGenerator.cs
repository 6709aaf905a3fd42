namespace Gatehouse.Crypto;

/// <summary>Random codes for people to type. Injected so decisions and tests stay deterministic.</summary>
internal interface ICodeGenerator
{
    string Generate(CodeAlphabet alphabet, int length);
}
