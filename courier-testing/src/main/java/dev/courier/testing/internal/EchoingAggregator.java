package dev.courier.testing.internal;

import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;

/**
 * An {@link HttpObjectAggregator} that leaves a body-less request as it came: the stock one adds
 * {@code Content-Length: 0}, which the echo endpoints would then report as a header the client
 * never sent.
 */
final class EchoingAggregator extends HttpObjectAggregator {
    EchoingAggregator(int maxContentLength) {
        super(maxContentLength);
    }

    @Override
    protected void finishAggregation(FullHttpMessage aggregated) throws Exception {
        boolean hadLength = HttpUtil.isContentLengthSet(aggregated) || HttpUtil.isTransferEncodingChunked(aggregated);
        super.finishAggregation(aggregated);
        if (!hadLength && aggregated.content().readableBytes() == 0) {
            aggregated.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
        }
    }
}
