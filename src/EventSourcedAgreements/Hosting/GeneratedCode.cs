using JasperFx.CodeGeneration;

namespace EventSourcedAgreements.Hosting;

/// <summary>
/// How Wolverine gets its HTTP handlers. A build with <c>UsePreGeneratedCode</c> (every Release build) has the code
/// <c>codegen write</c> wrote to <c>Internal/Generated</c> compiled in and loads it: no Roslyn at start-up. Other builds
/// leave those files out and generate the handlers at runtime. The project file decides both from one property, so
/// a build never asks for code it does not contain.
/// </summary>
public static class GeneratedCode
{
#if PRE_GENERATED_CODE
    public const TypeLoadMode Mode = TypeLoadMode.Static;
#else
    public const TypeLoadMode Mode = TypeLoadMode.Dynamic;
#endif
}
