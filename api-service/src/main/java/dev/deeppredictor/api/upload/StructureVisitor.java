package dev.deeppredictor.api.upload;

/**
 * What walking an image file's structure reports on the way, before any pixel is decoded.
 */
interface StructureVisitor {

    /** A size in pixels the file declares: the image, a frame or a canvas. */
    void dimensions(String what, long width, long height);

    /** A metadata block (comment, text chunk, EXIF, XMP...) at {@code [from, to)} of the file. */
    void metadata(String what, int from, int to);

}
