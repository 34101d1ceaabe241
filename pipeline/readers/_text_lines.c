/* Printed lines from a page's characters, compiled: pdf_page._text_lines, the same steps
 * (pdfplumber's clustering of rows, words and lines), without a Python bytecode per glyph.
 *
 * pdf_page documents what the steps do and why; tests/test_readers_pdf_page.py holds both
 * versions side by side. Characters are pdf_page.Char objects, read by attribute.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdlib.h>

typedef struct {
    PyObject *obj;             /* borrowed from our copy of the caller's list */
    PyObject *text, *x0, *top; /* its attributes, ours: nothing the caller runs can free them */
    double x0_v, top_v;
    Py_ssize_t order; /* position in the caller's list */
    Py_ssize_t row;   /* its row (cluster of tops) */
} Glyph;

typedef struct {
    Py_ssize_t start, end; /* the word is sorted[start:end] */
    const Glyph *top;      /* the glyph whose top is the word's (the first of the least) */
    PyObject *text;        /* owned */
} Word;

/* The one-code-point keys of the ligature table: the only keys `ligatures.keys().isdisjoint(text)`
 * can find, since it looks up each code point of the text. */
typedef struct {
    Py_UCS4 *points;
    Py_ssize_t n;
    Py_UCS4 lo, hi;
} LigatureKeys;

static PyObject *str_text, *str_x0, *str_x1, *str_top, *str_bottom;

static int
compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int
compare_glyphs(const void *a, const void *b)
{
    const Glyph *g = *(const Glyph *const *)a, *h = *(const Glyph *const *)b;
    if (g->row != h->row)
        return (g->row > h->row) - (g->row < h->row);
    if (g->x0_v != h->x0_v)
        return (g->x0_v > h->x0_v) - (g->x0_v < h->x0_v);
    return (g->order > h->order) - (g->order < h->order); /* a stable sort, as list.sort */
}

/* pdfplumber's cluster_list (pdf_page._cluster_ids): the distinct values sorted, and the
 * cluster of each; `ids[k]` for `values[k]`. No value may be NaN (text_lines sees to it). */
static int
cluster_ids(const double *values, Py_ssize_t n, double tolerance, Py_ssize_t *ids)
{
    double *sorted = PyMem_Malloc((n > 0 ? n : 1) * sizeof(double));
    Py_ssize_t *cluster = PyMem_Malloc((n > 0 ? n : 1) * sizeof(Py_ssize_t));
    if (sorted == NULL || cluster == NULL) {
        PyMem_Free(sorted);
        PyMem_Free(cluster);
        PyErr_NoMemory();
        return -1;
    }
    memcpy(sorted, values, n * sizeof(double));
    qsort(sorted, n, sizeof(double), compare_doubles);
    Py_ssize_t distinct = 0, k = -1;
    double last = 0.0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (distinct > 0 && sorted[i] == sorted[distinct - 1])
            continue;
        if (k < 0 || sorted[i] > last + tolerance)
            k += 1;
        sorted[distinct] = sorted[i];
        cluster[distinct] = k;
        distinct += 1;
        last = sorted[i];
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t lo = 0, hi = distinct - 1;
        while (lo < hi) {
            Py_ssize_t mid = lo + (hi - lo) / 2;
            if (sorted[mid] < values[i])
                lo = mid + 1;
            else
                hi = mid;
        }
        ids[i] = cluster[lo];
    }
    PyMem_Free(sorted);
    PyMem_Free(cluster);
    return 0;
}

/* obj.name as a new reference, and as a double in *out */
static PyObject *
read_number(PyObject *obj, PyObject *name, double *out)
{
    PyObject *v = PyObject_GetAttr(obj, name);
    if (v == NULL)
        return NULL;
    *out = PyFloat_AsDouble(v);
    if (*out == -1.0 && PyErr_Occurred())
        Py_CLEAR(v);
    return v;
}

static PyObject *
max_attr(PyObject *chars, PyObject *name)
{
    /* max(map(attrgetter(name), chars)): the first of the greatest */
    PyObject *best = NULL;
    double best_v = 0.0;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(chars); i++) {
        double d;
        PyObject *v = read_number(PyList_GET_ITEM(chars, i), name, &d);
        if (v == NULL) {
            Py_XDECREF(best);
            return NULL;
        }
        if (best == NULL || d > best_v) {
            Py_XSETREF(best, v);
            best_v = d;
        }
        else
            Py_DECREF(v);
    }
    if (best == NULL)
        PyErr_SetString(PyExc_ValueError, "max() arg is an empty sequence");
    return best;
}

/* str.isspace: not empty, and every code point white space */
static int
is_space(PyObject *text)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    for (Py_ssize_t i = 0; i < n; i++)
        if (!Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(text, i)))
            return 0;
    return n > 0;
}

static int
ligature_keys(PyObject *ligatures, LigatureKeys *keys)
{
    keys->n = 0;
    keys->lo = 1;
    keys->hi = 0;
    keys->points = PyMem_Malloc((PyDict_GET_SIZE(ligatures) + 1) * sizeof(Py_UCS4));
    if (keys->points == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    while (PyDict_Next(ligatures, &pos, &key, &value)) {
        if (!PyUnicode_Check(key) || PyUnicode_GET_LENGTH(key) != 1)
            continue;
        Py_UCS4 ch = PyUnicode_READ_CHAR(key, 0);
        keys->points[keys->n++] = ch;
        if (keys->n == 1 || ch < keys->lo)
            keys->lo = ch;
        if (keys->n == 1 || ch > keys->hi)
            keys->hi = ch;
    }
    return 0;
}

/* not ligatures.keys().isdisjoint(text) */
static int
has_ligature(PyObject *text, const LigatureKeys *keys)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 ch = PyUnicode_READ_CHAR(text, i);
        if (ch >= keys->lo && ch <= keys->hi)
            for (Py_ssize_t k = 0; k < keys->n; k++)
                if (keys->points[k] == ch)
                    return 1;
    }
    return 0;
}

/* The characters of one line, its words' texts joined by spaces; NULL and no error when the
 * text is blank (the line is dropped). */
static PyObject *
make_line(Glyph **sorted, Word *words, Py_ssize_t first, Py_ssize_t last, PyObject *ligatures,
          const LigatureKeys *keys, PyObject *line_type)
{
    PyObject *texts = PyList_New(0), *line_chars = PyList_New(0), *line = NULL;
    PyObject *text = NULL, *space = NULL, *stripped = NULL, *x0 = NULL, *top = NULL, *x1 = NULL, *bottom = NULL;
    const Glyph *x0_of = NULL, *top_of = NULL; /* where the line's left edge and top come from */
    if (texts == NULL || line_chars == NULL)
        goto done;
    for (Py_ssize_t w = first; w < last; w++) {
        Word *word = &words[w];
        PyObject *wtext = word->text;
        int ligature = has_ligature(wtext, keys);
        Py_INCREF(wtext);
        if (PyUnicode_GET_LENGTH(wtext) == word->end - word->start && !ligature) {
            for (Py_ssize_t k = word->start; k < word->end; k++)
                if (PyList_Append(line_chars, sorted[k]->obj) < 0) {
                    Py_DECREF(wtext);
                    goto done;
                }
        }
        else {
            PyObject *parts = PyList_New(0);
            if (parts == NULL) {
                Py_DECREF(wtext);
                goto done;
            }
            for (Py_ssize_t k = word->start; k < word->end; k++) {
                PyObject *mapped = PyDict_GetItemWithError(ligatures, sorted[k]->text);
                if (mapped == NULL && PyErr_Occurred()) {
                    Py_DECREF(parts);
                    Py_DECREF(wtext);
                    goto done;
                }
                if (mapped == NULL)
                    mapped = sorted[k]->text;
                Py_INCREF(mapped); /* a value of the caller's table: held while it is used */
                int rc = PyList_Append(parts, mapped);
                Py_ssize_t times = rc == 0 ? PyObject_Length(mapped) : 0;
                Py_DECREF(mapped);
                if (times < 0)
                    rc = -1;
                for (Py_ssize_t r = 0; rc == 0 && r < times; r++)
                    rc = PyList_Append(line_chars, sorted[k]->obj);
                if (rc < 0) {
                    Py_DECREF(parts);
                    Py_DECREF(wtext);
                    goto done;
                }
            }
            PyObject *empty = PyUnicode_FromStringAndSize("", 0);
            Py_SETREF(wtext, empty ? PyUnicode_Join(empty, parts) : NULL);
            Py_XDECREF(empty);
            Py_DECREF(parts);
            if (wtext == NULL)
                goto done;
        }
        int rc = PyUnicode_GET_LENGTH(wtext) ? PyList_Append(texts, wtext) : 0;
        Py_DECREF(wtext);
        if (rc < 0)
            goto done;
        if (sorted[word->start]->x0_v < (x0_of ? x0_of->x0_v : INFINITY))
            x0_of = sorted[word->start];
        if (word->top->top_v < (top_of ? top_of->top_v : INFINITY))
            top_of = word->top;
    }
    space = PyUnicode_FromStringAndSize(" ", 1);
    text = space ? PyUnicode_Join(space, texts) : NULL;
    stripped = text ? PyObject_CallMethod(text, "strip", NULL) : NULL;
    if (stripped == NULL)
        goto done;
    if (PyUnicode_GET_LENGTH(stripped) == 0)
        goto done; /* a blank line: no line, no error */
    /* the very objects the characters hold, as the Python twin takes them */
    x0 = x0_of ? Py_NewRef(x0_of->x0) : PyFloat_FromDouble(INFINITY);
    top = top_of ? Py_NewRef(top_of->top) : PyFloat_FromDouble(INFINITY);
    x1 = x0 && top ? max_attr(line_chars, str_x1) : NULL;
    bottom = x1 ? max_attr(line_chars, str_bottom) : NULL;
    if (bottom != NULL) {
        PyObject *args[] = {text, x0, x1, top, bottom, line_chars};
        line = PyObject_Vectorcall(line_type, args, 6, NULL);
    }
done:
    Py_XDECREF(texts);
    Py_XDECREF(line_chars);
    Py_XDECREF(text);
    Py_XDECREF(space);
    Py_XDECREF(stripped);
    Py_XDECREF(x0);
    Py_XDECREF(top);
    Py_XDECREF(x1);
    Py_XDECREF(bottom);
    return line;
}

/* text_lines(chars, x_tolerance, y_tolerance, ligatures, line_type) -> (lines, doubled), or
 * NotImplemented where a top or a left edge is NaN (no order to sort by: the Python twin's
 * sort is then the only answer): see pdf_page._text_lines. */
static PyObject *
text_lines(PyObject *self, PyObject *args)
{
    PyObject *given, *ligatures, *line_type;
    double x_tolerance, y_tolerance;
    if (!PyArg_ParseTuple(args, "O!ddO!O", &PyList_Type, &given, &x_tolerance, &y_tolerance, &PyDict_Type,
                          &ligatures, &line_type))
        return NULL;
    /* our own copy: the glyphs borrow the characters from it, whatever the caller's code does to its list */
    PyObject *chars = PyList_GetSlice(given, 0, PY_SSIZE_T_MAX);
    if (chars == NULL)
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(chars);
    Glyph *glyphs = PyMem_Calloc(n > 0 ? n : 1, sizeof(Glyph));
    Glyph **sorted = PyMem_Calloc(n > 0 ? n : 1, sizeof(Glyph *));
    double *values = PyMem_Calloc(n > 0 ? n : 1, sizeof(double));
    Py_ssize_t *ids = PyMem_Calloc(n > 0 ? n : 1, sizeof(Py_ssize_t));
    Word *words = PyMem_Calloc(n > 0 ? n : 1, sizeof(Word));
    LigatureKeys keys = {NULL, 0, 1, 0};
    Py_ssize_t n_words = 0;
    PyObject *lines = NULL, *result = NULL;
    int doubled = 0, unordered = 0;
    if (glyphs == NULL || sorted == NULL || values == NULL || ids == NULL || words == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    if (ligature_keys(ligatures, &keys) < 0)
        goto done;
    for (Py_ssize_t i = 0; i < n; i++) {
        Glyph *g = &glyphs[i];
        g->obj = PyList_GET_ITEM(chars, i);
        g->order = i;
        if ((g->top = read_number(g->obj, str_top, &g->top_v)) == NULL)
            goto done;
        if ((g->text = PyObject_GetAttr(g->obj, str_text)) == NULL)
            goto done;
        if (!PyUnicode_Check(g->text)) {
            PyErr_SetString(PyExc_TypeError, "a character's text must be a str");
            goto done;
        }
        if ((g->x0 = read_number(g->obj, str_x0, &g->x0_v)) == NULL)
            goto done;
        unordered = unordered || isnan(g->top_v) || isnan(g->x0_v);
        values[i] = g->top_v;
    }
    if (unordered) {
        result = Py_NewRef(Py_NotImplemented);
        goto done;
    }
    /* rows: clusters of tops; in each row, left to right (page order among equal left edges) */
    if (cluster_ids(values, n, y_tolerance, ids) < 0)
        goto done;
    for (Py_ssize_t i = 0; i < n; i++) {
        glyphs[i].row = ids[i];
        sorted[i] = &glyphs[i];
    }
    qsort(sorted, n, sizeof(Glyph *), compare_glyphs);

    /* words: runs of visible characters of a row, cut where the text jumps back or apart */
    Py_ssize_t start = -1;    /* the word being made is sorted[start:k], or none */
    PyObject *seen = NULL;    /* borrowed: the previous visible character of the row, or none */
    const Glyph *wtop = NULL; /* the glyph whose top is the word's */
    double sx0 = 0.0, stop = 0.0, lx1 = 0.0;
    for (Py_ssize_t k = 0; k <= n; k++) {
        Glyph *g = k < n ? sorted[k] : NULL;
        int new_row = g == NULL || k == 0 || g->row != sorted[k - 1]->row;
        int blank = g != NULL && is_space(g->text);
        int cut = start >= 0 && (new_row || blank);
        if (!cut && start >= 0 && g != NULL &&
            (g->x0_v < sx0 || g->x0_v > lx1 + x_tolerance || fabs(g->top_v - stop) > y_tolerance))
            cut = 1;
        if (cut) {
            Word *w = &words[n_words];
            w->start = start;
            w->end = k;
            w->top = wtop;
            PyObject *empty = PyUnicode_FromStringAndSize("", 0);
            PyObject *parts = PyList_New(k - start);
            if (empty == NULL || parts == NULL) {
                Py_XDECREF(empty);
                Py_XDECREF(parts);
                goto done;
            }
            for (Py_ssize_t j = start; j < k; j++)
                PyList_SET_ITEM(parts, j - start, Py_NewRef(sorted[j]->text));
            w->text = PyUnicode_Join(empty, parts);
            Py_DECREF(empty);
            Py_DECREF(parts);
            if (w->text == NULL)
                goto done;
            n_words += 1;
            start = -1;
        }
        if (g == NULL)
            break;
        if (new_row) {
            seen = NULL;
            sx0 = stop = lx1 = 0.0;
        }
        if (blank) {
            seen = NULL;
            continue;
        }
        if (g->x0_v - sx0 < 1 && fabs(g->top_v - stop) < 1) {
            /* the same text as the previous visible character ("" after a space or a new row) */
            int same = seen == NULL ? PyUnicode_GET_LENGTH(g->text) == 0 : PyUnicode_Compare(g->text, seen) == 0;
            if (PyErr_Occurred())
                goto done;
            if (same)
                doubled = 1;
        }
        if (start < 0) {
            start = k;
            wtop = g;
        }
        else if (g->top_v < wtop->top_v)
            wtop = g;
        PyObject *x1 = read_number(g->obj, str_x1, &lx1); /* read where the Python twin reads it */
        if (x1 == NULL)
            goto done;
        Py_DECREF(x1);
        seen = g->text;
        sx0 = g->x0_v;
        stop = g->top_v;
    }

    /* lines: runs of words whose tops fall in one cluster */
    for (Py_ssize_t w = 0; w < n_words; w++)
        values[w] = words[w].top->top_v;
    if (cluster_ids(values, n_words, y_tolerance, ids) < 0)
        goto done;
    lines = PyList_New(0);
    if (lines == NULL)
        goto done;
    for (Py_ssize_t first = 0; first < n_words;) {
        Py_ssize_t last = first + 1;
        while (last < n_words && ids[last] == ids[first])
            last += 1;
        PyObject *line = make_line(sorted, words, first, last, ligatures, &keys, line_type);
        if (line == NULL && PyErr_Occurred())
            goto done;
        if (line != NULL) {
            int rc = PyList_Append(lines, line);
            Py_DECREF(line);
            if (rc < 0)
                goto done;
        }
        first = last;
    }
    result = Py_BuildValue("(OO)", lines, doubled ? Py_True : Py_False);

done:
    for (Py_ssize_t w = 0; w < n_words; w++)
        Py_XDECREF(words[w].text);
    for (Py_ssize_t i = 0; glyphs != NULL && i < n; i++) {
        Py_XDECREF(glyphs[i].text);
        Py_XDECREF(glyphs[i].x0);
        Py_XDECREF(glyphs[i].top);
    }
    PyMem_Free(glyphs);
    PyMem_Free(sorted);
    PyMem_Free(values);
    PyMem_Free(ids);
    PyMem_Free(words);
    PyMem_Free(keys.points);
    Py_XDECREF(lines);
    Py_DECREF(chars);
    if (PyErr_Occurred()) {
        Py_XDECREF(result);
        return NULL;
    }
    return result;
}

static PyMethodDef methods[] = {
    {"text_lines", text_lines, METH_VARARGS, "A page's printed lines: pdf_page._text_lines, compiled."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_text_lines", NULL, -1, methods};

PyMODINIT_FUNC
PyInit__text_lines(void)
{
    str_text = PyUnicode_InternFromString("text");
    str_x0 = PyUnicode_InternFromString("x0");
    str_x1 = PyUnicode_InternFromString("x1");
    str_top = PyUnicode_InternFromString("top");
    str_bottom = PyUnicode_InternFromString("bottom");
    if (!str_text || !str_x0 || !str_x1 || !str_top || !str_bottom)
        return NULL;
    return PyModule_Create(&module);
}
