//go:build !(js && wasm)

package remote

import (
	"context"

	"github.com/coder/websocket"
)

// nativeWS is a WebSocket of github.com/coder/websocket.
type nativeWS struct{ c *websocket.Conn }

func dialTransport(ctx context.Context, url string) (transport, error) {
	c, _, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		return nil, err
	}
	c.SetReadLimit(64 << 20)
	return nativeWS{c}, nil
}

func (w nativeWS) read(ctx context.Context) ([]byte, error) {
	_, b, err := w.c.Read(ctx)
	return b, err
}

func (w nativeWS) write(ctx context.Context, b []byte) error {
	return w.c.Write(ctx, websocket.MessageText, b)
}

func (w nativeWS) close() { w.c.Close(websocket.StatusNormalClosure, "") }
