#if NETSTANDARD2_0
namespace System.Runtime.CompilerServices
{
    // Lets the netstandard2.0 build (Windows PowerShell 5.1) use init-only setters and records.
    internal static class IsExternalInit
    {
    }
}
#endif
