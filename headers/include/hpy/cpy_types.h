/*
 * cpy_types.h -- names for the CPython types that appear in HPy declarations.
 *
 * Structures such as HPyModuleDef (legacy_methods) and the trampolines mention
 * CPython types.  In hybrid mode Python.h is available and the aliases are the
 * real types.  In universal mode they are structs that are never defined:
 * pointers to them can be passed around, but nothing can look inside, which
 * is exactly what a universal binary may do.
 */
#ifndef HILT_HPY_CPY_TYPES_H
#define HILT_HPY_CPY_TYPES_H

#if defined(HPY_ABI_UNIVERSAL)

typedef struct _hilt_no_cpython_PyObject cpy_PyObject;
typedef struct _hilt_no_cpython_PyMethodDef cpy_PyMethodDef;
typedef struct _hilt_no_cpython_PyModuleDef cpy_PyModuleDef;
typedef struct _hilt_no_cpython_Py_buffer cpy_Py_buffer;
typedef struct _hilt_no_cpython_PyTypeObject cpy_PyTypeObject;

#else /* hybrid: hpy.h has included Python.h */

typedef PyObject cpy_PyObject;
typedef PyMethodDef cpy_PyMethodDef;
typedef PyModuleDef cpy_PyModuleDef;
typedef Py_buffer cpy_Py_buffer;
typedef PyTypeObject cpy_PyTypeObject;

#endif

#endif /* HILT_HPY_CPY_TYPES_H */
