// libpng and libjpeg-turbo, for `load images`. Both report errors by longjmp, which Swift
// cannot catch, so each decoder is a small C function here that catches it and returns a
// message instead.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <png.h>
#include <jpeglib.h>

// A decoded image: 8-bit samples, row-major, `channels` interleaved per pixel (1 grey or 3 RGB).
typedef struct {
    unsigned char *pixels;
    int width;
    int height;
    int channels;
    char message[200];
} amulet_decoded_image;

// Decodes a PNG held in memory into 8-bit grey (channels = 1) or RGB (channels = 3), with
// libpng's simplified API (which handles its own longjmp). Returns 0 on success; on failure
// `message` says why and `pixels` is NULL.
static inline int amulet_decode_png(
    const unsigned char *data, size_t size, int channels, amulet_decoded_image *out) {
    png_image image;
    memset(&image, 0, sizeof image);
    memset(out, 0, sizeof *out);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, data, size)) {
        snprintf(out->message, sizeof out->message, "%s", image.message);
        return 1;
    }
    image.format = channels == 1 ? PNG_FORMAT_GRAY : PNG_FORMAT_RGB;
    size_t bytes = PNG_IMAGE_SIZE(image);
    out->pixels = (unsigned char *)malloc(bytes);
    if (out->pixels == NULL) {
        png_image_free(&image);
        snprintf(out->message, sizeof out->message, "out of memory for %zu bytes", bytes);
        return 1;
    }
    if (!png_image_finish_read(&image, NULL, out->pixels, 0, NULL)) {
        snprintf(out->message, sizeof out->message, "%s", image.message);
        free(out->pixels);
        out->pixels = NULL;
        png_image_free(&image);
        return 1;
    }
    out->width = (int)image.width;
    out->height = (int)image.height;
    out->channels = channels;
    return 0;
}

typedef struct {
    struct jpeg_error_mgr manager;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
} amulet_jpeg_error;

static inline void amulet_jpeg_error_exit(j_common_ptr info) {
    amulet_jpeg_error *error = (amulet_jpeg_error *)info->err;
    (*info->err->format_message)(info, error->message);
    longjmp(error->jump, 1);
}

static inline void amulet_jpeg_silence(j_common_ptr info, int level) { (void)info; (void)level; }

// Decodes a JPEG held in memory into 8-bit grey (channels = 1) or RGB (channels = 3) with
// libjpeg-turbo. A corrupt-data warning (such as a truncated file) is an error here, so a
// damaged image is never half-decoded silently. Returns 0 on success.
static inline int amulet_decode_jpeg(
    const unsigned char *data, size_t size, int channels, amulet_decoded_image *out) {
    struct jpeg_decompress_struct info;
    amulet_jpeg_error error;
    memset(out, 0, sizeof *out);
    memset(&error, 0, sizeof error);
    info.err = jpeg_std_error(&error.manager);
    error.manager.error_exit = amulet_jpeg_error_exit;
    error.manager.emit_message = amulet_jpeg_silence;
    volatile int started = 0;
    if (setjmp(error.jump)) {
        snprintf(out->message, sizeof out->message, "%s", error.message);
        if (out->pixels) { free(out->pixels); out->pixels = NULL; }
        if (started) jpeg_destroy_decompress(&info);
        return 1;
    }
    jpeg_create_decompress(&info);
    started = 1;
    jpeg_mem_src(&info, data, (unsigned long)size);
    jpeg_read_header(&info, TRUE);
    info.out_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_start_decompress(&info);
    size_t stride = (size_t)info.output_width * (size_t)info.output_components;
    out->pixels = (unsigned char *)malloc(stride * info.output_height);
    if (out->pixels == NULL) {
        snprintf(out->message, sizeof out->message, "out of memory");
        jpeg_destroy_decompress(&info);
        return 1;
    }
    while (info.output_scanline < info.output_height) {
        JSAMPROW row = out->pixels + (size_t)info.output_scanline * stride;
        jpeg_read_scanlines(&info, &row, 1);
    }
    if (info.err->num_warnings > 0) {
        snprintf(out->message, sizeof out->message, "corrupt or truncated JPEG data");
        free(out->pixels);
        out->pixels = NULL;
        jpeg_destroy_decompress(&info);
        return 1;
    }
    out->width = (int)info.output_width;
    out->height = (int)info.output_height;
    out->channels = info.output_components;
    jpeg_finish_decompress(&info);
    jpeg_destroy_decompress(&info);
    return 0;
}

// Frees the pixels of a decoded image.
static inline void amulet_free_image(amulet_decoded_image *image) {
    free(image->pixels);
    image->pixels = NULL;
}
