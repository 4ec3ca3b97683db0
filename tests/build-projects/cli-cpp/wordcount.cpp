// wordcount: an extension written in C++ (std::string, std::set), built with
// `python -m hilt build wordcount.cpp -o wordcount.hpy0.so`.
#include <set>
#include <sstream>
#include <string>

#include "hpy.h"

HPyDef_METH(distinct, "distinct", HPyFunc_O, .doc = "distinct(text) -> number of distinct words")
static HPy distinct_impl(HPyContext *ctx, HPy self, HPy text)
{
    (void)self;
    HPy_ssize_t size;
    const char *utf8 = HPyUnicode_AsUTF8AndSize(ctx, text, &size);
    if (utf8 == nullptr)
        return HPy_NULL;
    std::istringstream words(std::string(utf8, static_cast<size_t>(size)));
    std::set<std::string> seen;
    for (std::string w; words >> w;)
        seen.insert(w);
    return HPyLong_FromSize_t(ctx, seen.size());
}

static HPyDef *defines[] = { &distinct, nullptr };
static HPyModuleDef moddef = { .doc = "Counts words, in C++.", .defines = defines };

HPy_MODINIT(wordcount, moddef)
