using System.Runtime.CompilerServices;

namespace CarbonSpaces.Engine.Common
{
    /// <summary>
    /// For <c>[MethodImpl(HotLoop.FullyOptimized)]</c> on loops that every synced character, or every
    /// row of a large read, passes through: on .NET 8+ they are compiled fully optimized from the
    /// first call instead of running as tiered, profile-instrumented code for the first thousands
    /// of files. The .NET Framework of Windows PowerShell has no tiers (and no such option), so
    /// there it asks for nothing.
    /// </summary>
    internal static class HotLoop
    {
#if NET8_0_OR_GREATER
        public const MethodImplOptions FullyOptimized = MethodImplOptions.AggressiveOptimization;
#else
        public const MethodImplOptions FullyOptimized = 0;
#endif
    }
}
