package dev.pulse.bench.report;

import java.util.ArrayList;
import java.util.List;

/** What one harness found: headline rows for the table and its detailed Markdown for BENCHMARKS.md. */
public final class Section {
    private final String title;
    private final List<Headline> headlines = new ArrayList<>();
    private final StringBuilder markdown = new StringBuilder();

    public Section(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    public Section headline(String name, String figure, String aim, Boolean met) {
        headlines.add(new Headline(title, name, figure, aim, met));
        return this;
    }

    public Section text(String paragraph) {
        markdown.append(paragraph).append("\n\n");
        return this;
    }

    public Section table(MarkdownTable table) {
        markdown.append(table.render()).append('\n');
        return this;
    }

    public List<Headline> headlines() {
        return List.copyOf(headlines);
    }

    public String markdown() {
        return markdown.toString();
    }
}
