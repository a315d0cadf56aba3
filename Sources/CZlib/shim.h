// zlib, for the gzip-compressed dataset files (MNIST, Fashion-MNIST, CIFAR-10).
#include <zlib.h>

// inflateInit2 is a macro in zlib.h, which Swift cannot call; this is the function it names.
static inline int amulet_inflate_init_gzip(z_stream *stream) {
    // 16 + MAX_WBITS: expect a gzip header and trailer (RFC 1952), not a bare zlib stream.
    return inflateInit2(stream, 16 + MAX_WBITS);
}
