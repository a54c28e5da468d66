using System.Text;
using EventSourcedAgreements.Publications.Reading;

namespace EventSourcedAgreements.Tests.Publications.Reading;

internal static class PublishedFiles
{
    public static PublicationContent Read(string name)
    {
        using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Data", "publications", name));
        return PublicationReader.Read(name, stream);
    }

    public static PublicationContent Read(string name, DateOnly publishedOn)
    {
        using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Data", "publications", name));
        return PublicationReader.Read(name, stream, publishedOn);
    }

    public static PublicationContent ReadText(string fileName, string content) =>
        PublicationReader.Read(fileName, new MemoryStream(Encoding.UTF8.GetBytes(content)));

    public static string CountBy<T>(this IEnumerable<PublishedRow> rows, Func<PublishedRow, T> key) =>
        string.Join(", ", rows.GroupBy(row => $"{key(row)}").OrderBy(group => group.Key, StringComparer.Ordinal).Select(group => $"{group.Key}={group.Count()}"));
}
