"""The widgets' stylesheet, and the notice a dead widget shows after a kernel restart.

Sizes are relative (a share of the notebook's width with a minimum and a maximum), so the
card, the knowledge base and the reply box reflow together from a 820 px window with the file
browser open to a 1920 px screen; nothing has a fixed width wider than a narrow notebook.
"""

from __future__ import annotations

from simulator.widgets.cards import esc
from simulator.widgets.strings import text

# Fonts with emoji after the text fonts: a reply box or card with 🙂 never shows boxes where
# such a font is installed.
EMOJI_FONTS = '"Noto Color Emoji", "Apple Color Emoji", "Segoe UI Emoji", "Twemoji Mozilla"'
TEXT_FONTS = f'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif, {EMOJI_FONTS}'

STYLESHEET = (
    """
<style>
.rl-root { font-family: TEXT_FONTS; font-size: 14px; max-width: 100%; box-sizing: border-box; }
.rl-root * { box-sizing: border-box; }
.rl-root .widget-html-content { line-height: 1.45; }
.rl-card, .rl-kb, .rl-feedback, .rl-notice, .rl-progress-text { line-height: 1.4; }
.rl-card { padding: 12px 14px; margin: 4px 0; border: 1px solid #cfd9de; background: #fff;
  color: #0f1419; }
.rl-twitter { border-radius: 16px; }
.rl-facebook { border-radius: 8px; background: #f0f2f5; border-color: #dddfe2; }
.rl-facebook .rl-text { background: #fff; border-radius: 18px; padding: 8px 12px; }
.rl-instagram { border-radius: 12px; border: 2px solid #d62976; }
.rl-head { display: flex; align-items: center; gap: 10px; }
.rl-avatar { width: 40px; height: 40px; border-radius: 50%; color: #fff; font-weight: 700;
  display: flex; align-items: center; justify-content: center; flex: none; }
.rl-facebook .rl-avatar { border-radius: 8px; }
.rl-who { flex: 1; min-width: 0; line-height: 1.25; overflow-wrap: anywhere; }
.rl-name { font-weight: 700; }
.rl-handle, .rl-meta { color: #536471; }
.rl-facebook .rl-name { color: #1877f2; }
.rl-channel { font-weight: 700; font-size: 18px; color: #536471; }
.rl-facebook .rl-channel { color: #1877f2; }
.rl-text { margin: 8px 0 4px; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 15px; }
.rl-thread { border-left: 3px solid #cfd9de; margin: 8px 0; padding-left: 8px; color: #536471; }
.rl-thread p { margin: 2px 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.rl-kb { margin: 4px 0; padding: 8px 12px; border: 1px solid #ddd; border-radius: 8px;
  background: #fafafa; color: #222; }
.rl-kb h4 { margin: 4px 0; overflow-wrap: anywhere; }
.rl-kb ul { padding-left: 18px; margin: 4px 0; }
/* Fixed columns: a label gets 38 %, the value the rest. Text wraps between words; a word wider
   than its column (a URL) breaks only then, never "signalf / eil" mid-word in a short one. */
.rl-kb table { border-collapse: collapse; table-layout: fixed; width: 100%; }
.rl-kb th, .rl-kb td { vertical-align: top; overflow-wrap: break-word; word-break: normal;
  hyphens: manual; }
.rl-kb th { width: 38%; text-align: left; font-weight: 400; padding: 2px 10px 2px 0; }
.rl-kb td { font-weight: 600; padding: 2px 6px 2px 0; }
.rl-kb tr.rl-required td.rl-value { color: #7a0016; }
.rl-badge { display: inline-block; font-size: 11px; line-height: 1.3; color: #b00020;
  border: 1px solid #b00020; border-radius: 6px; padding: 0 4px; margin-left: 4px;
  font-weight: 400; }
.rl-special { color: #9a3412; font-size: 12px; }
.rl-badge.rl-changed { color: #1d4ed8; border-color: #1d4ed8; }
.rl-root .widget-textarea.rl-drill-post { margin-left: 0; margin-right: 0; }
.rl-masked { font-size: 11px; font-weight: 400; color: #536471; display: block; }
.rl-root .widget-textarea.rl-reply { margin-left: 0; margin-right: 0; }
.rl-reply textarea { font-family: TEXT_FONTS; font-size: 14px; line-height: 1.4; }
.rl-counter { font-variant-numeric: tabular-nums; }
.rl-counter.rl-near { color: #b26a00; font-weight: 700; }
.rl-counter.rl-over { color: #c62828; font-weight: 700; }
.rl-help { color: #536471; font-size: 13px; max-width: 720px; }
.rl-triage .widget-toggle-buttons, .rl-triage.widget-toggle-buttons { flex-wrap: wrap; }
.rl-triage .widget-toggle-button { margin-bottom: 4px; }
.rl-feedback { max-width: 720px; padding: 8px 12px; border: 1px solid #ddd; border-radius: 8px;
  overflow-wrap: anywhere; }
.rl-total { font-size: 28px; font-weight: 700; }
.rl-decision-score { font-weight: 700; }
.rl-reply-heading { margin: 10px 0 2px; }
.rl-bar-row { display: flex; align-items: center; gap: 8px; margin: 2px 0; }
.rl-bar-label { width: 90px; flex: none; }
.rl-bar { width: 240px; max-width: 40%; height: 12px; background: #eee; border-radius: 6px;
  overflow: hidden; }
.rl-bar > span { display: block; height: 100%; }
.rl-finding { margin: 8px 0; padding: 6px 8px; border-left: 4px solid #b26a00;
  background: #fffaf0; }
.rl-finding.rl-good { border-left-color: #2e7d32; background: #f3faf3; }
.rl-quote { white-space: pre-wrap; overflow-wrap: anywhere; color: #333; }
.rl-quote mark { background: #ffe082; }
.rl-more { color: #536471; font-style: italic; white-space: nowrap; }
.rl-tip { color: #444; font-style: italic; }
.rl-done-well { margin: 8px 0; padding: 4px 8px; border-left: 4px solid #2e7d32;
  background: #f3faf3; }
.rl-done-well summary { cursor: pointer; }
.rl-done-well ul { margin: 4px 0; padding-left: 20px; color: #444; }
.rl-note { color: #536471; }
.rl-sla-ok { color: #2e7d32; } .rl-sla-amber { color: #b26a00; font-weight: 700; }
.rl-sla-red { color: #c62828; font-weight: 700; }
.rl-queue-row .widget-html { min-width: 0; }
.rl-queue-row .rl-meta { overflow-wrap: anywhere; }
/* A queue button shows the whole handle: its text wraps inside the row rather than being cut
   with an ellipsis (ipywidgets' buttons are one line, overflow hidden, by default). */
.rl-root .jupyter-button.rl-queue-button { white-space: normal; overflow: visible;
  text-overflow: clip; height: auto; min-height: var(--jp-widgets-inline-height);
  line-height: 1.3; padding-top: 4px; padding-bottom: 4px; text-align: left;
  overflow-wrap: anywhere; max-width: 100%; }
.rl-shift-review { max-width: 100%; overflow-wrap: anywhere; }
.rl-shift-review table.rl-shift-table { width: 100%; }
/* Headings, decisions, timers and points wrap between words only (never "Poä / ng"); the
   post and the reply take what is left and may break a long word. */
.rl-shift-review .rl-shift-table th, .rl-shift-review .rl-shift-table td {
  overflow-wrap: normal; word-break: normal; hyphens: manual; }
.rl-shift-review .rl-shift-table td:first-child, .rl-shift-review .rl-review-reply td {
  overflow-wrap: anywhere; }
.rl-shift-review .rl-review-reply td { padding: 0 8px 6px 12px; }
.rl-shift-review .rl-quote { white-space: pre-wrap; }
.rl-shift-review .rl-wrong { color: #8e24aa; font-weight: 700; }
.rl-shift-review .rl-review-total th, .rl-shift-review .rl-review-total td {
  border-top: 2px solid #ccc; }
.rl-review-costly { margin: 4px 0; padding-left: 22px; }
.rl-progress img { max-width: 100%; height: auto; }
.rl-review { border-collapse: collapse; max-width: 100%; font-size: 13px; }
.rl-review th, .rl-review td { text-align: left; vertical-align: top; padding: 2px 8px 2px 0;
  border-bottom: 1px solid #eee; overflow-wrap: anywhere; }
.rl-review td.rl-wrong { color: #8e24aa; font-weight: 700; }
/* After a kernel restart ipywidgets marks every view "disconnected" and draws a broken-link
   icon on each; instead: one sentence on what to do, and the dead controls greyed out. */
.rl-restarted { display: none; }
.rl-root.jupyter-widgets-disconnected .rl-restarted { display: block; margin: 4px 0 8px;
  padding: 8px 12px; border: 1px solid #b00020; border-radius: 8px; background: #fff4f4;
  color: #7a0016; font-weight: 700; }
.rl-root.jupyter-widgets-disconnected::before,
.rl-root .jupyter-widgets-disconnected::before { content: none !important; display: none; }
.rl-root.jupyter-widgets-disconnected > :not(:first-child) { opacity: 0.45;
  pointer-events: none; }
</style>
""".replace("TEXT_FONTS", TEXT_FONTS)
)


def style_html(locale: str) -> str:
    """The stylesheet and the (hidden) restart notice in the locale: the first child of every
    widget, so a dead widget says "run this cell again" in the trainee's language."""
    notice = esc(text(locale, "restarted"))
    return f'{STYLESHEET}<div class="rl-restarted" role="status">{notice}</div>'
