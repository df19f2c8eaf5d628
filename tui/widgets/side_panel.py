"""The side panel: the article's entities, figures and related stories.

Each section is an option list, so Tab reaches it and j/k move in it.
Entities: Enter searches for the entity. Figures: the focused figure's
sentence shows underneath. Related: the article's own related stories, then
similar articles; Enter opens the ones that are in the corpus.
"""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from index.models import ArticleRecord, Entity, Figure, SimilarArticle
from index.sanitize import clean
from tui.bindings import NAVIGATION
from tui.messages import EntityChosen, RelatedChosen
from tui.palette import ENTITY_NAMES, entity_style, label_rank
from tui.quoting import figure_what


class PanelList(OptionList):
    """An option list that also answers to j/k/g/G."""

    BINDINGS = NAVIGATION

    def action_cursor_down(self) -> None:
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        super().action_cursor_up()

    def action_first(self) -> None:
        super().action_first()

    def action_last(self) -> None:
        super().action_last()


class SidePanel(Vertical):
    DEFAULT_CSS = """
    SidePanel > .section { height: auto; border: round $foreground 20%; border-title-color: $text-muted; border-subtitle-color: $text-disabled; }
    SidePanel > .section:focus-within { border: round $accent; border-title-color: $text-accent; }
    SidePanel PanelList { border: none; height: auto; max-height: 16; padding: 0; background: transparent; scrollbar-size-vertical: 1; }
    SidePanel PanelList:focus { border: none; background-tint: transparent; }
    SidePanel #figure-sentence { color: $text-muted; padding: 0 1; height: auto; max-height: 6; }
    SidePanel .section-empty { color: $text-disabled; padding: 0 1; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.article: ArticleRecord | None = None
        self.entities: dict[str, Entity] = {}  # option id -> one occurrence of the entity
        self.figures: list[Figure] = []
        self.similar: list[SimilarArticle] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="entities-section", classes="section"):
            yield PanelList(id="entities")
        with Vertical(id="figures-section", classes="section"):
            yield PanelList(id="figures")
            yield Static("", id="figure-sentence")
        with Vertical(id="related-section", classes="section"):
            yield PanelList(id="related")

    def on_mount(self) -> None:
        self.show_article(None)

    # -- filling -------------------------------------------------------------------
    def show_article(self, article: ArticleRecord | None) -> None:
        self.article = article
        self.similar = []
        self._fill_entities(article.entities if article else [])
        self._fill_figures(article.figures if article else [])
        self._fill_related()

    def show_similar(self, article_id: str, similar: list[SimilarArticle]) -> None:
        if self.article is not None and self.article.id == article_id:
            self.similar = similar
            self._fill_related()

    def _fill_entities(self, entities: list[Entity]) -> None:
        listing = self.query_one("#entities", PanelList)
        listing.clear_options()
        self.entities = {}
        counts = Counter((clean(e.text).strip(), e.label) for e in entities)
        first: dict[tuple[str, str], Entity] = {}
        for entity in entities:
            first.setdefault((clean(entity.text).strip(), entity.label), entity)
        by_label: dict[str, list[tuple[str, int]]] = {}
        for (text, label), count in counts.items():
            by_label.setdefault(label, []).append((text, count))
        options: list[Option | None] = []
        for label in sorted(by_label, key=lambda lab: (label_rank(lab), lab)):
            names = sorted(by_label[label], key=lambda item: (-item[1], item[0].casefold()))
            header = Text.assemble((f" {label} ", entity_style(label)), f" {ENTITY_NAMES.get(label, label.title())} ({len(names)})")
            options.append(Option(header, disabled=True))
            for text, count in names:
                option_id = f"e{len(self.entities)}"
                self.entities[option_id] = first[(text, label)]
                prompt = Text("  ") + Text(text) + (Text(f"  ×{count}", style="dim") if count > 1 else Text())
                options.append(Option(prompt, id=option_id))
        listing.add_options(options)
        self._title("#entities-section", "Entities", len(self.entities), hint="enter: search")
        if not options:
            listing.add_option(Option(Text("none found", style="dim"), disabled=True))
        else:
            listing.highlighted = 1

    def _fill_figures(self, figures: list[Figure]) -> None:
        listing = self.query_one("#figures", PanelList)
        listing.clear_options()
        self.figures = list(figures)
        for index, figure in enumerate(figures):
            value = clean(figure.text).strip()
            what = figure_what(figure)
            listing.add_option(Option(Text.assemble((value, "bold"), " · ", what), id=f"f{index}"))
        self._title("#figures-section", "Figures", len(figures), hint="c: copy · C: all")
        if not figures:
            listing.add_option(Option(Text("none found", style="dim"), disabled=True))
            self._show_sentence(None)
        else:
            listing.highlighted = 0
            self._show_sentence(figures[0])

    def _fill_related(self) -> None:
        listing = self.query_one("#related", PanelList)
        listing.clear_options()
        article = self.article
        options: list[Option | None] = []
        if article is not None:
            for index, story in enumerate(article.related):
                title = Text(clean(story.title).strip())
                if story.id is None:
                    title.stylize("dim")
                    title.append("  (not in corpus)", style="dim italic")
                options.append(Option(Text("↳ ") + title, id=f"r{index}", disabled=story.id is None))
            if self.similar:
                options.append(Option(Text("Similar articles", style="bold"), disabled=True))
                for index, similar in enumerate(self.similar):
                    options.append(Option(Text("≈ ") + Text(clean(similar.title).strip()), id=f"s{index}"))
        listing.add_options(options)
        count = (len(article.related) if article else 0) + len(self.similar)
        self._title("#related-section", "Related", count, hint="enter: open")
        if not options:
            listing.add_option(Option(Text("none yet" if article else "", style="dim"), disabled=True))

    def _title(self, selector: str, name: str, count: int, hint: str) -> None:
        section = self.query_one(selector)
        section.border_title = f"{name} ({count})"
        section.border_subtitle = hint if count else ""

    def _show_sentence(self, figure: Figure | None) -> None:
        sentence = Text(clean(figure.sentence).strip(), style="italic") if figure else Text("")
        if figure is not None and figure.text and figure.text in sentence.plain:
            start = sentence.plain.index(figure.text)
            sentence.stylize("bold not italic", start, start + len(figure.text))
        self.query_one("#figure-sentence", Static).update(sentence)

    # -- what is focused -----------------------------------------------------------
    def highlighted_figure(self) -> Figure | None:
        listing = self.query_one("#figures", PanelList)
        if listing.highlighted is None or not self.figures:
            return None
        option = listing.get_option_at_index(listing.highlighted)
        return self.figures[int(option.id[1:])] if option.id else None

    def highlighted_entity(self) -> Entity | None:
        listing = self.query_one("#entities", PanelList)
        if listing.highlighted is None:
            return None
        option = listing.get_option_at_index(listing.highlighted)
        return self.entities.get(option.id or "")

    # -- events --------------------------------------------------------------------
    @on(OptionList.OptionHighlighted, "#figures")
    def _figure_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self._show_sentence(self.figures[int(event.option.id[1:])])

    @on(OptionList.OptionSelected, "#entities")
    def _entity_selected(self, event: OptionList.OptionSelected) -> None:
        entity = self.entities.get(event.option.id or "")
        if entity is not None:
            self.post_message(EntityChosen(clean(entity.text).strip(), entity.label))

    @on(OptionList.OptionSelected, "#related")
    def _related_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        article_id = None
        if option_id.startswith("r") and self.article is not None:
            article_id = self.article.related[int(option_id[1:])].id
        elif option_id.startswith("s"):
            article_id = self.similar[int(option_id[1:])].id
        if article_id:
            self.post_message(RelatedChosen(article_id))
