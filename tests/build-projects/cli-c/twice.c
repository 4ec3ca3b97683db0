/* A second translation unit, with no Hilt code of its own. */
long twice(long x);

long twice(long x)
{
    return 2 * x;
}
