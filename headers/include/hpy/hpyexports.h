/*
 * hpyexports.h -- how a symbol is made visible outside the extension's
 * shared object.  Only the four per-module entry points of HPy_MODINIT use
 * it; everything else in an extension can stay hidden.
 */
#ifndef HILT_HPY_EXPORTS_H
#define HILT_HPY_EXPORTS_H

#ifndef HPy_EXPORTED_SYMBOL
#  if defined(_WIN32) || defined(__CYGWIN__)
#    define HPy_EXPORTED_SYMBOL __declspec(dllexport)
#  elif defined(__GNUC__) || defined(__clang__)
#    define HPy_EXPORTED_SYMBOL __attribute__((visibility("default")))
#  else
#    define HPy_EXPORTED_SYMBOL
#  endif
#endif

#endif /* HILT_HPY_EXPORTS_H */
