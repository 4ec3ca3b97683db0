/* Internal to the helper runtime: UTF-8 encoding of one code point, shared
   by HPy_BuildValue ('C') and HPyUnicode_FromFormat ('%c'). */
#ifndef HILT_RUNTIME_UTF8_H
#define HILT_RUNTIME_UTF8_H

#include <stddef.h>

/* Write `cp` (0..0x10FFFF; surrogates are passed through for the decoder to
   judge) as UTF-8 into `buf`; returns the number of bytes, 1 to 4. */
static inline size_t hilt_utf8_encode(int cp, char buf[4])
{
    if (cp < 0x80) {
        buf[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        buf[0] = (char)(0xC0 | (cp >> 6));
        buf[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        buf[0] = (char)(0xE0 | (cp >> 12));
        buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        buf[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    buf[0] = (char)(0xF0 | (cp >> 18));
    buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    buf[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

#endif /* HILT_RUNTIME_UTF8_H */
