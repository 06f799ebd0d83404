"""A reply's words with their offsets, read in one pass (the phrase scan's tokens and the words
criteria count), and the words of short texts such as a fact's value, cached."""

from __future__ import annotations

from functools import lru_cache
from operator import itemgetter

from grading.lexicon import WORD
from grading.phrases import APOSTROPHES, TOKEN, tokenize

Token = tuple[str, int, int]  # lower-cased word, start, end
word_text = itemgetter(0)


@lru_cache(maxsize=4096)
def _cached_tokens(text: str) -> tuple[Token, ...]:
    return tuple(_tokens(text))


def _tokens(text: str) -> list[Token]:
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer: keep offsets exact
        return [(m.group().lower(), m.start(), m.end()) for m in WORD.finditer(text)]
    out: list[Token] = []
    pos = 0
    find = low.find
    for word in WORD.findall(low):  # findall + find: faster than match objects
        pos = find(word, pos)
        out.append((word, pos, pos + len(word)))
        pos += len(word)
    return out


def words_from(toks: list[Token], text: str) -> list[Token]:
    """The words (what `tokens` finds) from the phrase tokens of `text` (grading.phrases
    .tokenize): word tokens joined by a '-' or an apostrophe with nothing in between. Saves a
    second pass over a reply."""
    out: list[Token] = []
    n = len(toks)
    i = 0
    while i < n:
        w, s, e = toks[i]
        c = w[0]
        if not (c.isalnum() or c == "_"):
            i += 1
            continue
        j = i
        while (j + 2 < n and toks[j + 1][1] == toks[j][2] and text[toks[j][2]] in "-'’"
               and toks[j + 2][1] == toks[j + 1][2]
               and (toks[j + 2][0][0].isalnum() or toks[j + 2][0][0] == "_")):
            j += 2
        if j == i:
            out.append((w, s, e))
        else:
            end = toks[j][2]
            out.append((text[s:end].lower(), s, end))
        i = j + 1
    return out


def read_words(text: str, lower: str | None = None
               ) -> tuple[tuple[list[Token], str], list[Token], tuple[list[str] | None, bool]]:
    """`tokenize(text)` (grading.phrases) and `words_from` its tokens, in one pass: most
    whitespace-separated chunks are one word (str.isalnum is the regex's \\w without '_') or a
    word and a punctuation mark; only the rest go through the token regex. `lower`: text.lower(),
    when the caller has it. Also returns the white-space chunks of text.lower() (for counting
    words), or None when the tokens were read from another text (curly apostrophes), and
    whether single spaces between them are all the white space there is."""
    if "’" in text or "‘" in text or "´" in text:
        norm = text.translate(APOSTROPHES)
        low = norm.lower()
    else:
        norm = text
        low = text.lower() if lower is None else lower
    if len(low) != len(norm):  # a character whose lower case is longer: the general path
        tokenized = tokenize(text)
        return tokenized, words_from(tokenized[0], text), (None, False)
    toks: list[Token] = []
    words: list[Token] = []
    append, add_word, find, findall = toks.append, words.append, low.find, TOKEN.findall
    pos = 0
    chunks = low.split()  # str.split's white space is the regex's \\s
    step = 1 if " ".join(chunks) == low else 0  # one space between chunks: no need to find
    for chunk in chunks:
        if not step:
            pos = find(chunk, pos)
        end = pos + len(chunk)
        if chunk.isalnum():
            tok = (chunk, pos, end)
            append(tok)
            add_word(tok)
        elif (len(chunk) > 1 and not ((last := chunk[-1]).isalnum() or last == "_")
              and chunk[:-1].isalnum()):
            tok = (chunk[:-1], pos, end - 1)  # "ursäkt.": a word, then a punctuation mark
            append(tok)
            append((last, end - 1, end))
            add_word(tok)
        else:
            part = []
            for t in findall(chunk):
                e = pos + len(t)
                part.append((t, pos, e))
                pos = e
            toks.extend(part)
            words.extend(words_from(part, text))  # words never span white space
        pos = end + step
    return (toks, norm), words, (chunks if norm is text else None, step == 1)


def tokens(text: str) -> list[Token]:
    """Lower-cased words with their offsets (cached: case texts are tokenised once)."""
    if len(text) > 2000:
        return _tokens(text)
    return list(_cached_tokens(text))
