/*
 * version.h -- API and ABI version numbers.
 *
 * HPY_ABI_VERSION is the major ABI number; binaries of different majors never
 * load in each other's loaders.  HPY_ABI_VERSION_MINOR is what this extension
 * *requires*: the context grows by appending members, and a loader refuses a
 * module asking for a higher minor than it offers.
 */
#ifndef HILT_HPY_VERSION_H
#define HILT_HPY_VERSION_H

/* The HPy release whose API these headers reproduce. */
#define HPY_VERSION "0.9.0"
/* Hilt's own release. */
#define HILT_VERSION "0.1.0"

#define HPY_ABI_VERSION 0
#define HPY_ABI_TAG "hpy0"

/* Highest ABI minor these headers know about. */
#define HILT_MAX_ABI_MINOR 1

/*
 * Default to minor 0 so that the binary also loads in HPy 0.9's own loader.
 * An extension that wants the members appended in minor 1 (h_DictType,
 * HPyList_Insert, HPy_GetSlice, HPy_GetIter, HPySlice_New, ...) compiles
 * with -DHILT_TARGET_ABI_MINOR=1 and then needs a loader offering minor 1.
 */
#if !defined(HILT_TARGET_ABI_MINOR)
#  define HPY_ABI_VERSION_MINOR 0
#elif HILT_TARGET_ABI_MINOR == 0
#  define HPY_ABI_VERSION_MINOR 0
#elif HILT_TARGET_ABI_MINOR == 1
#  define HPY_ABI_VERSION_MINOR 1
#else
#  error "Hilt: HILT_TARGET_ABI_MINOR must be 0 or 1 (the ABI minor versions these headers define)."
#endif

#endif /* HILT_HPY_VERSION_H */
