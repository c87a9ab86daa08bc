package dev.ublklab.viz;

import java.util.Locale;

/** Writes the drawing commands as SVG text; numbers are printed with Locale.ROOT. */
public final class SvgPainter implements Painter {
    private final StringBuilder out = new StringBuilder(1 << 16);
    private int clips;
    private boolean clipped;
    /** The element the last shape was ({@code rect} or {@code line}), for {@link #title}; null after other output. */
    private String lastShape;

    public SvgPainter(int width, int height) {
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
           .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
           .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
           .append(height).append("\" font-family=\"DejaVu Sans, sans-serif\">\n");
    }

    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String colour(int rgb) {
        return String.format(Locale.ROOT, "#%06x", rgb & 0xFFFFFF);
    }

    private void opacity(String attr, double alpha) {
        if (alpha < 1) {
            out.append(' ').append(attr).append("=\"").append(num(alpha)).append('"');
        }
    }

    @Override
    public void title(String text) {
        if (lastShape != null && out.length() >= 3 && out.substring(out.length() - 3).equals("/>\n")) {
            out.setLength(out.length() - 3);
            out.append("><title>").append(escape(text)).append("</title></").append(lastShape).append(">\n");
        }
        lastShape = null;
    }

    @Override
    public void fillRect(double x, double y, double w, double h, int rgb, double alpha) {
        lastShape = "rect";
        out.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"")
           .append(num(w)).append("\" height=\"").append(num(h)).append("\" fill=\"").append(colour(rgb)).append('"');
        opacity("fill-opacity", alpha);
        out.append("/>\n");
    }

    @Override
    public void strokeRect(double x, double y, double w, double h, int rgb, double lineWidth) {
        lastShape = "rect";
        out.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"")
           .append(num(w)).append("\" height=\"").append(num(h)).append("\" fill=\"none\" stroke=\"")
           .append(colour(rgb)).append("\" stroke-width=\"").append(num(lineWidth)).append("\"/>\n");
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, int rgb, double lineWidth, double alpha) {
        lastShape = "line";
        out.append("<line x1=\"").append(num(x1)).append("\" y1=\"").append(num(y1)).append("\" x2=\"")
           .append(num(x2)).append("\" y2=\"").append(num(y2)).append("\" stroke=\"").append(colour(rgb))
           .append("\" stroke-width=\"").append(num(lineWidth)).append('"');
        opacity("stroke-opacity", alpha);
        out.append("/>\n");
    }

    @Override
    public void fillPolygon(double[] xs, double[] ys, int rgb, double alpha) {
        lastShape = "polygon";
        out.append("<polygon points=\"");
        for (int i = 0; i < xs.length; i++) {
            out.append(i == 0 ? "" : " ").append(num(xs[i])).append(',').append(num(ys[i]));
        }
        out.append("\" fill=\"").append(colour(rgb)).append('"');
        opacity("fill-opacity", alpha);
        out.append("/>\n");
    }

    @Override
    public void text(String s, double x, double y, int rgb, double size, boolean bold) {
        out.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" font-size=\"")
           .append(num(size)).append("\" fill=\"").append(colour(rgb)).append('"');
        if (bold) {
            out.append(" font-weight=\"bold\"");
        }
        out.append('>').append(escape(s)).append("</text>\n");
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c < 0x20 ? ' ' : c);
            }
        }
        return b.toString();
    }

    @Override
    public void clip(double x, double y, double w, double h) {
        unclip();
        String id = "c" + clips++;
        out.append("<clipPath id=\"").append(id).append("\"><rect x=\"").append(num(x)).append("\" y=\"")
           .append(num(y)).append("\" width=\"").append(num(w)).append("\" height=\"").append(num(h))
           .append("\"/></clipPath>\n<g clip-path=\"url(#").append(id).append(")\">\n");
        clipped = true;
    }

    @Override
    public void unclip() {
        if (clipped) {
            out.append("</g>\n");
            clipped = false;
        }
    }

    /** The finished document. */
    public String finish() {
        unclip();
        return out + "</svg>\n";
    }
}
