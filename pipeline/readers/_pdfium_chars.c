/* The character pass of the PDFium reader, compiled: pdf_pdfium._page_chars, the same
 * loop, statement for statement, without a Python bytecode and a ctypes call per glyph.
 *
 * PDFium is not linked here: pdf_pdfium hands over the addresses of the PDFium functions
 * pypdfium2 has already loaded, so this module builds with nothing but Python's headers
 * and always calls the same PDFium the rest of the reader uses. pdf_pdfium documents what
 * the loop does and why; tests/test_readers_pdf_pdfium.py holds both versions side by side.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    float left, top, right, bottom;
} RectF;

typedef void *(*TextObjectFn)(void *, int);
typedef int (*LooseBoxFn)(void *, int, RectF *);
typedef int (*OriginFn)(void *, int, double *, double *);
typedef int (*IsGeneratedFn)(void *, int);
typedef int (*CharBoxFn)(void *, int, double *, double *, double *, double *);
typedef int (*MapErrorFn)(void *, int);

typedef struct {
    TextObjectFn text_object;
    LooseBoxFn loose_box;
    OriginFn origin;
    IsGeneratedFn is_generated;
    CharBoxFn char_box;
    MapErrorFn map_error;
} Pdfium;

static int
hyphen_mark(Py_UCS4 ch)
{
    return ch == 0x02 || ch == 0xFFFE;
}

static int
suspect(Py_UCS4 ch)
{
    return ch < 0x20 || (ch >= 0xE000 && ch <= 0xF8FF) || ch >= 0xFFFD;
}

/* One past the last character of the text object that starts at `start` (see _run_end). */
static int
run_end(const Pdfium *f, void *tp, int start, void *obj, int n)
{
    long long step = 1, inside = start, outside = start + 1; /* wider than int: no overflow near INT_MAX */
    while (outside < n && f->text_object(tp, (int)outside) == obj) {
        inside = outside;
        step *= 2;
        outside = inside + step < n ? inside + step : n;
    }
    while (outside - inside > 1) {
        long long middle = (inside + outside) / 2;
        if (f->text_object(tp, (int)middle) == obj)
            inside = middle;
        else
            outside = middle;
    }
    return (int)outside;
}

/* A character; `zero_width`: a space, whose right edge is its left one, the very same float
 * (not one merely equal to it: 0.0 == -0.0). */
static PyObject *
new_char(PyObject *char_type, PyObject *text, double x0, double x1, int zero_width, PyObject *top,
         PyObject *bottom, PyObject *size, PyObject *name)
{
    PyObject *left = PyFloat_FromDouble(x0), *right = NULL, *ch = NULL;
    if (left == NULL)
        return NULL;
    right = zero_width ? Py_NewRef(left) : PyFloat_FromDouble(x1);
    if (right != NULL) {
        PyObject *args[] = {text, left, right, top, bottom, size, name};
        ch = PyObject_Vectorcall(char_type, args, 7, NULL);
    }
    Py_DECREF(left);
    Py_XDECREF(right);
    return ch;
}

static int
set_float(PyObject *obj, PyObject *name, double value)
{
    PyObject *v = PyFloat_FromDouble(value);
    if (v == NULL)
        return -1;
    int rc = PyObject_SetAttr(obj, name, v);
    Py_DECREF(v);
    return rc;
}

static PyObject *str_text, *str_x1;

/* page_chars(textpage, n, text, functions, page_top, strict, font_of, combining, char_type, space_em)
 * -> (chars, blanks) | reason: see pdf_pdfium._page_chars. */
static PyObject *
page_chars(PyObject *self, PyObject *args)
{
    unsigned long long tp_addr, addr[6];
    int n, strict;
    PyObject *text, *font_of, *combining, *char_type;
    double page_top, space_em;
    if (!PyArg_ParseTuple(args, "KiU(KKKKKK)dpOOOd", &tp_addr, &n, &text, &addr[0], &addr[1], &addr[2],
                          &addr[3], &addr[4], &addr[5], &page_top, &strict, &font_of, &combining, &char_type,
                          &space_em))
        return NULL;
    if (PyUnicode_GET_LENGTH(text) != n) {
        PyErr_SetString(PyExc_ValueError, "text must hold one code point per character");
        return NULL;
    }
    Pdfium f = {(TextObjectFn)(uintptr_t)addr[0], (LooseBoxFn)(uintptr_t)addr[1], (OriginFn)(uintptr_t)addr[2],
                (IsGeneratedFn)(uintptr_t)addr[3], (CharBoxFn)(uintptr_t)addr[4], (MapErrorFn)(uintptr_t)addr[5]};
    void *tp = (void *)(uintptr_t)tp_addr;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);

    RectF *boxes = PyMem_Calloc(n > 0 ? n : 1, sizeof(RectF));
    if (boxes == NULL)
        return PyErr_NoMemory();
    for (int k = 0; k < n; k++)
        f.loose_box(tp, k, &boxes[k]);

    PyObject *chars = PyList_New(0), *blanks = PyList_New(0), *result = NULL;
    PyObject *top = NULL, *bottom = NULL, *size_obj = NULL, *name = NULL, *font = NULL;
    double x = 0.0, y = 0.0, ink[4] = {0.0, 0.0, 0.0, 0.0};
    PyObject *last = NULL; /* borrowed from chars: the last glyph printed, NULL after a space */
    int pdfium_space = 0;
    if (chars == NULL || blanks == NULL)
        goto done;

    int i = 0;
    while (i < n) {
        Py_UCS4 first = PyUnicode_READ(kind, data, i);
        if (Py_UNICODE_ISSPACE(first) && f.is_generated(tp, i)) {
            pdfium_space = pdfium_space || first == ' ';
            i += 1;
            continue;
        }
        void *obj = f.text_object(tp, i);
        int end = run_end(&f, tp, i, obj, n);
        /* the object as ctypes gives it to the Python twin: an int, None for no object */
        Py_XSETREF(font, obj ? PyObject_CallFunction(font_of, "iN", i, PyLong_FromVoidPtr(obj))
                             : PyObject_CallFunction(font_of, "iO", i, Py_None));
        if (font == NULL)
            goto done;
        if (strict && (font == Py_None || f.map_error(tp, i))) {
            result = PyUnicode_FromString(font == Py_None ? "rotated or skewed text"
                                                          : "glyphs PDFium cannot map to Unicode");
            goto done;
        }
        f.origin(tp, i, &x, &y);
        double size = 0.0, descent = 0.0;
        Py_CLEAR(name);
        Py_CLEAR(size_obj);
        int given = font == Py_None ? 0 : PyObject_IsTrue(font); /* font or ("", 0.0, 0.0) */
        if (given < 0)
            goto done;
        if (!given) {
            name = PyUnicode_FromString("");
            size_obj = PyFloat_FromDouble(0.0);
        }
        else {
            PyObject *fields = PySequence_Tuple(font);
            if (fields == NULL)
                goto done;
            if (PyTuple_GET_SIZE(fields) != 3) { /* Python's own words */
                if (PyTuple_GET_SIZE(fields) < 3)
                    PyErr_Format(PyExc_ValueError, "not enough values to unpack (expected 3, got %zd)",
                                 PyTuple_GET_SIZE(fields));
                else
                    PyErr_SetString(PyExc_ValueError, "too many values to unpack (expected 3)");
                Py_DECREF(fields);
                goto done;
            }
            name = Py_NewRef(PyTuple_GET_ITEM(fields, 0));
            size_obj = Py_NewRef(PyTuple_GET_ITEM(fields, 1));
            descent = PyFloat_AsDouble(PyTuple_GET_ITEM(fields, 2));
            Py_DECREF(fields);
            if (descent == -1.0 && PyErr_Occurred())
                goto done;
        }
        if (name == NULL || size_obj == NULL)
            goto done;
        size = PyFloat_AsDouble(size_obj);
        if (size == -1.0 && PyErr_Occurred())
            goto done;
        double bottom_v = page_top - y - descent * size;
        Py_XSETREF(bottom, PyFloat_FromDouble(bottom_v));
        Py_XSETREF(top, PyFloat_FromDouble(bottom_v - size));
        if (top == NULL || bottom == NULL)
            goto done;

        PyObject *prev = NULL; /* borrowed from chars: the character before, in this text object */
        int after_space = 0;
        double px0 = 0.0, px1 = 0.0, reach = 0.0;
        int pk = i;
        double space_gap = space_em * size;
        for (int k = i; k < end; k++) {
            Py_UCS4 ch = PyUnicode_READ(kind, data, k);
            double x0 = boxes[k].left, right = boxes[k].right;
            if (ch <= ' ' || ch >= 0x2000) {
                if (Py_UNICODE_ISSPACE(ch) && f.is_generated(tp, k)) {
                    pdfium_space = pdfium_space || ch == ' ';
                    continue;
                }
                if (hyphen_mark(ch))
                    ch = '-';
                else if (strict && suspect(ch) && f.map_error(tp, k)) {
                    result = PyUnicode_FromString("glyphs PDFium cannot map to Unicode");
                    goto done;
                }
            }
            PyObject *glyph = PyUnicode_FromOrdinal(ch);
            if (glyph == NULL)
                goto done;
            if (prev == NULL) {
                if (k != i)
                    f.origin(tp, k, &x, &y);
                x0 = x;
            }
            else {
                if (x0 < reach || after_space) {
                    f.origin(tp, k, &x, &y);
                    x0 = x;
                }
                if (x0 - px0 < 0.01) {
                    PyObject *mark = PyObject_CallOneArg(combining, glyph);
                    if (mark == NULL) {
                        Py_DECREF(glyph);
                        goto done;
                    }
                    int is_mark = PyObject_IsTrue(mark);
                    Py_DECREF(mark);
                    if (is_mark < 0) {
                        Py_DECREF(glyph);
                        goto done;
                    }
                    if (is_mark) {
                        PyObject *old = PyObject_GetAttr(prev, str_text);
                        PyObject *joined = old ? PyUnicode_Concat(old, glyph) : NULL;
                        int rc = joined ? PyObject_SetAttr(prev, str_text, joined) : -1;
                        Py_XDECREF(old);
                        Py_XDECREF(joined);
                        Py_DECREF(glyph);
                        if (rc < 0)
                            goto done;
                        after_space = 0;
                        continue;
                    }
                }
                if (px0 < x0 && x0 < px1) {
                    f.char_box(tp, pk, &ink[0], &ink[1], &ink[2], &ink[3]);
                    if (ink[1] > reach) {
                        if (set_float(prev, str_x1, x0) < 0) {
                            Py_DECREF(glyph);
                            goto done;
                        }
                    }
                }
            }
            PyObject *c;
            if (ch == ' ') {
                c = new_char(char_type, glyph, x0, x0, 1, top, bottom, size_obj, name);
                after_space = 1;
                last = NULL;
            }
            else if (Py_UNICODE_ISSPACE(ch)) {
                c = new_char(char_type, glyph, x0, right, 0, top, bottom, size_obj, name);
                after_space = 0;
                last = NULL;
            }
            else {
                c = new_char(char_type, glyph, x0, right, 0, top, bottom, size_obj, name);
                after_space = 0;
                int wide = pdfium_space;
                if (c != NULL && last != NULL && !wide) {
                    /* last.x1 as the character holds it (the ink may have pulled it back) */
                    PyObject *v = PyObject_GetAttr(last, str_x1);
                    double last_x1 = v ? PyFloat_AsDouble(v) : -1.0;
                    Py_XDECREF(v);
                    if (last_x1 == -1.0 && PyErr_Occurred()) {
                        Py_DECREF(c);
                        Py_DECREF(glyph);
                        goto done;
                    }
                    wide = x0 - last_x1 >= space_gap;
                }
                if (c != NULL && last != NULL && wide) {
                    PyObject *blank = Py_BuildValue("(nO)", PyList_GET_SIZE(chars), pdfium_space ? Py_True : Py_False);
                    if (blank == NULL || PyList_Append(blanks, blank) < 0) {
                        Py_XDECREF(blank);
                        Py_DECREF(c);
                        Py_DECREF(glyph);
                        goto done;
                    }
                    Py_DECREF(blank);
                }
                last = c;
            }
            Py_DECREF(glyph);
            if (c == NULL)
                goto done;
            pdfium_space = 0;
            px0 = x0;
            px1 = right;
            reach = right - 0.01;
            pk = k;
            int rc = PyList_Append(chars, c);
            Py_DECREF(c); /* chars holds it: prev and last stay valid while chars lives */
            if (rc < 0)
                goto done;
            prev = c;
        }
        i = end;
    }
    result = PyTuple_Pack(2, chars, blanks);

done:
    PyMem_Free(boxes);
    Py_XDECREF(chars);
    Py_XDECREF(blanks);
    Py_XDECREF(top);
    Py_XDECREF(bottom);
    Py_XDECREF(size_obj);
    Py_XDECREF(name);
    Py_XDECREF(font);
    if (PyErr_Occurred()) {
        Py_XDECREF(result);
        return NULL;
    }
    return result;
}

static PyMethodDef methods[] = {
    {"page_chars", page_chars, METH_VARARGS, "The page's characters: pdf_pdfium._page_chars, compiled."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_pdfium_chars", NULL, -1, methods};

PyMODINIT_FUNC
PyInit__pdfium_chars(void)
{
    str_text = PyUnicode_InternFromString("text");
    str_x1 = PyUnicode_InternFromString("x1");
    if (str_text == NULL || str_x1 == NULL)
        return NULL;
    return PyModule_Create(&module);
}
