package dev.deeppredictor.api.upload;

/**
 * What walking an image file's structure reports on the way, before any pixel is decoded.
 */
interface StructureVisitor {

    /** A size in pixels the file declares: the image, a frame or a canvas. */
    void dimensions(String what, long width, long height);

    /**
     * A metadata block (comment, text chunk, EXIF, XMP...) starts: its bytes go to the returned sink
     * as they stream past, then {@link #metadataEnd()} comes once all of them have arrived. A verdict
     * on the content waits for the end, so a file cut short inside its metadata is reported as
     * truncated, whatever the part that arrived holds.
     */
    StructureInput.Sink metadata(String what);

    /** The metadata block last started has arrived whole. */
    void metadataEnd();

}
