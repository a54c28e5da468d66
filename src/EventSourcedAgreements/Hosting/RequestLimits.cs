using Microsoft.AspNetCore.Http.Features;

namespace EventSourcedAgreements.Hosting;

/// <summary>
/// Bodies are limited before anything reads them: 1 MiB for JSON commands, a published list's limit for the upload.
/// A declared length over the limit is refused at once; an undeclared one (chunked) is cut off where it passes it.
/// Both are a 413 ProblemDetails.
/// </summary>
public static class RequestLimits
{
    public const long CommandBytes = 1024 * 1024;
    public const long UploadBytes = Publications.Importing.ImportPublicationEndpoint.MaxFileBytes + (1024 * 1024);

    public static long For(HttpRequest request) =>
        request.Path.StartsWithSegments("/api/publications", StringComparison.OrdinalIgnoreCase) ? UploadBytes : CommandBytes;

    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var limit = For(context.Request);
        if (context.Request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        context.Request.Body = new LimitedStream(context.Request.Body, limit);
        await next(context);
    });

    public static BadHttpRequestException TooLarge(long limit) =>
        new($"The request body is larger than this endpoint accepts ({limit:N0} bytes).", StatusCodes.Status413PayloadTooLarge);

    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int bytes)
        {
            read += bytes;
            return read > limit ? throw TooLarge(limit) : bytes;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
